#ifndef HOOKLINE_CSIMD_H
#define HOOKLINE_CSIMD_H

#include <stddef.h>
#include <stdint.h>

/* Byte loops 32 bytes at a time with AVX2 where the CPU has it (asked once), a plain
 * loop or nothing elsewhere. The tests compare each with a Swift reference. */

/* Whole quanta of base64 (the standard alphabet; Base64Decoder's table also reads the
 * URL-safe one, whose "-" and "_" stop a step here) and the line ends between them (CR LF or LF), as Base64Decoder.quantumRun
 * takes them, 32 bytes a step, while eleven quanta fit both `len` bytes of input at `src`
 * and the room for `quanta` at `dst`: a step's store writes 32 bytes for its 24. It stops
 * before a quantum holding any other byte outside the alphabet (a pad, garbage), which
 * the caller's table path then takes. Returns the bytes read, and the quanta written
 * (three bytes each) in `done`; 0 and 0 without AVX2. */
size_t hookline_base64_lines(const uint8_t *src, size_t len, size_t quanta, uint8_t *dst, size_t *done);

/* The Adler-32 (RFC 1950) of `len` bytes at `buf` after `adler`, as zlib's adler32 sums it. */
uint32_t hookline_adler32(uint32_t adler, const uint8_t *buf, size_t len);

/* The byte classes of a slice of normalised text, one bit a byte (bit k of word k / 64 is
 * byte k; bits past `len` are 0), as RegionEvidence.scan reads them: `letters` "a"..."z",
 * `specials` bytes >= 0x80 and "$", `phone` where the idle phone scanner stops (a digit, "+",
 * "(", "[", or "|", "o", "l", "i" not after a letter, digit or capital; at byte 0 whatever came
 * before), `digits` "0"..."9". Writes (len + 63) / 64 words to each; returns whether the slice
 * holds an ASCII capital. 64 bytes a step with AVX2; `_bytes` is the byte loop (the tests hold
 * the two equal), used where the CPU has no AVX2. */
int hookline_slice_classes(const uint8_t *src, size_t len, uint64_t *letters, uint64_t *specials, uint64_t *phone,
                           uint64_t *digits);
int hookline_slice_classes_bytes(const uint8_t *src, size_t len, uint64_t *letters, uint64_t *specials,
                                 uint64_t *phone, uint64_t *digits);

/* The run of word bytes a stream ends in, between calls of hookline_short_words: its
 * length (5 for any from 5 on) and, when of 1-4 bytes, its key. */
typedef struct {
    uint32_t length;
    uint32_t key;
} hookline_word_run;

/* The bit of a word's key in the 4,096-bit filter hookline_short_words is given. */
static inline uint32_t hookline_word_filter_bit(uint32_t key) { return (key * 0x9E3779B1u) >> 20; }

/* The words of one to four bytes of `[0-9A-Za-z_]` in `len` bytes at `src`, after the run
 * `run` (updated to the run these bytes end in), whose key's bit is set in `filter` (64
 * words, hookline_word_filter_bit): each as (offset of the byte after it) << 32 | its key
 * (first byte highest, each byte `| 0x20`), in order, into `out`, which must have room for
 * len / 2 + 1. A word ending at `len` is not reported (the next byte decides); it is left
 * in `run`, filter or not. Returns how many; 0 without AVX2 (callers ask hookline_has_avx2). */
size_t hookline_short_words(const uint8_t *src, size_t len, hookline_word_run *run, const uint64_t *filter,
                            uint64_t *out);

/* RegionEvidence's word table (PackedWordTable's layout): `keys` (0: a free slot) and their
 * `values` in 1 << (64 - shift) slots, `mask` = slots - 1. A value holds the word's
 * function-word votes (bits 0-15), what the caller reads itself (a currency, "kr", "rs": any of
 * HOOKLINE_REGION_CALLERS) and whether it is a number word (HOOKLINE_REGION_NUMBER_WORD). */
#define HOOKLINE_REGION_CALLERS 0x7FFF0000u
#define HOOKLINE_REGION_NUMBER_WORD 0x80000000u

typedef struct {
    const uint64_t *keys;
    const uint32_t *values;
    uint64_t shift;
    size_t mask;
} hookline_region_table;

/* RegionEvidence.scan's walk over the plain words of a slice of `len` bytes at `src` from
 * byte `i` on, with no word open and no rupee sign pending before `i`, by the slice's
 * `letters` and `specials` maps: each run of letters that begins after byte 0, ends before
 * `len` in a byte that is no special byte, and is no currency, "kr" or "rs" in `table` is
 * taken whole: its function-word votes (in prose, closed by punctuation or a space) added to
 * `votes` (13), its spelled-number mark set in `spelled` (a number word of the table), and its
 * first byte stored in `last_begin`. Returns the first letter or special byte it leaves to the
 * caller, or `len`. */
size_t hookline_region_words(const uint8_t *src, size_t len, size_t i, const uint64_t *letters,
                             const uint64_t *specials, uint64_t *spelled, const hookline_region_table *table,
                             long *votes, ptrdiff_t *last_begin);

/* Whether the CPU has AVX2 (asked once). */
int hookline_has_avx2(void);

#endif
