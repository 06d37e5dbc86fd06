#ifndef HOOKLINE_CSIMD_H
#define HOOKLINE_CSIMD_H

#include <stddef.h>
#include <stdint.h>

/* Byte loops 32 bytes at a time with AVX2 where the CPU has it (asked once), a plain
 * loop or nothing elsewhere. The tests compare each with a Swift reference. */

/* Whole quanta of base64 (the standard and URL-safe alphabets, as Base64Decoder's table
 * reads them) and the line ends between them (CR LF or LF), as Base64Decoder.quantumRun
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

/* Whether the CPU has AVX2 (asked once). */
int hookline_has_avx2(void);

#endif
