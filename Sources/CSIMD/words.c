#include "csimd.h"

/* The short words of a stream's bytes for WordTable (HooklineDetect): a word is a maximal
 * run of `[0-9A-Za-z_]` bytes (what `\b` bounds without HS_FLAG_UCP), short when of one to
 * four bytes. Word bytes are marked 32 at a time into one bit a byte, 64 bytes a block;
 * the ends of runs of five or more are masked out with shifts of the block's bits, so the
 * loop that packs keys runs only for short words (a byte at a time this pass cost ~12
 * instructions a byte, as much as Vectorscan spent on these words). */

/* `n` (1-4) bytes ending at `end` as WordTable keys them: first byte highest, each `| 0x20`
 * (letters lower-cased; digits and `_` (0x7F) stay distinct). */
static inline uint32_t pack(const uint8_t *end, uint32_t n) {
    uint32_t key = 0;
    for (const uint8_t *p = end - n; p < end; p++) key = key << 8 | (uint32_t)(*p | 0x20);
    return key;
}

/* The word ending at `i` (the non-word byte after it, or `len`) of length `length` (1-4),
 * its bytes in `src` or, for those before `src`, in the carried key. */
static inline uint32_t key_at(const uint8_t *src, size_t i, uint32_t length, uint32_t carried) {
    if (i >= 4) {
        /* One load of the four bytes before the end (all in `src`), the word's at the bottom. */
        uint32_t four;
        __builtin_memcpy(&four, src + i - 4, 4);
        static const uint32_t masks[5] = {0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF};
        return (__builtin_bswap32(four) | 0x20202020u) & masks[length];
    }
    if (i >= length) return pack(src + i, length);
    return i == 0 ? carried : carried << (8 * i) | pack(src + i, (uint32_t)i);
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2"))) static inline uint32_t marks32(const uint8_t *p) {
    __m256i v = _mm256_loadu_si256((const __m256i *)p);
    __m256i digit = _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8(0x2F)),
                                     _mm256_cmpgt_epi8(_mm256_set1_epi8(0x3A), v));
    /* Signed compares: a byte from 0x80 is negative, below every range. */
    __m256i folded = _mm256_or_si256(v, _mm256_set1_epi8(0x20));
    __m256i letter = _mm256_and_si256(_mm256_cmpgt_epi8(folded, _mm256_set1_epi8(0x60)),
                                      _mm256_cmpgt_epi8(_mm256_set1_epi8(0x7B), folded));
    __m256i underscore = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(0x5F));
    uint32_t marks = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(digit, letter), underscore));
    /* Opaque to the optimiser: otherwise clang takes the mask for 32 one-bit lanes and
     * spills them one by one for the shifts below (~190 instructions a block, not ~30). */
    __asm__("" : "+r"(marks));
    return marks;
}

__attribute__((target("avx2"))) static size_t short_words_avx2(const uint8_t *src, size_t len,
                                                               hookline_word_run *run, const uint64_t *filter,
                                                               uint64_t *out) {
    uint32_t carried = run->key;
    /* The bits of the 64 bytes before a block (the last the top bit): at first the carried
     * run's last bytes. */
    uint64_t prev = run->length == 0 ? 0 : ~(uint64_t)0 << (64 - (run->length > 64 ? 64 : run->length));
    uint64_t w = 0, before = prev;
    size_t count = 0, b = 0, n = 0;
    for (; b < len; b += 64) {
        n = len - b < 64 ? len - b : 64;
        if (n == 64) {
            w = (uint64_t)marks32(src + b) | (uint64_t)marks32(src + b + 32) << 32;
        } else {
            uint8_t tail[64] = {0};
            for (size_t j = 0; j < n; j++) tail[j] = src[b + j];
            w = (uint64_t)marks32(tail) | (uint64_t)marks32(tail + 32) << 32;
        }
        uint64_t valid = n == 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
        /* Bit j of `at1`..`at5`: whether byte j-1..j-5 is a word byte. */
        uint64_t at1 = w << 1 | prev >> 63, at2 = w << 2 | prev >> 62, at3 = w << 3 | prev >> 61;
        uint64_t at4 = w << 4 | prev >> 60, at5 = w << 5 | prev >> 59;
        uint64_t ends = ~w & at1 & ~(at2 & at3 & at4 & at5) & valid;
        while (ends) {
            unsigned k = (unsigned)__builtin_ctzll(ends);
            ends &= ends - 1;
            uint64_t window = k == 0 ? prev : w << (64 - k) | prev >> k;
            uint32_t length = (uint32_t)__builtin_clzll(~window);
            uint32_t key = key_at(src, b + k, length, carried);
            uint32_t h = hookline_word_filter_bit(key);
            if (filter[h >> 6] >> (h & 63) & 1) out[count++] = (uint64_t)(b + k) << 32 | key;
        }
        before = prev;
        prev = w;
    }
    /* The run the bytes end in (at `len`: bit `n` of the last block). */
    uint64_t window = n == 64 ? w : w << (64 - n) | before >> n;
    uint32_t length = ~window == 0 ? 64 : (uint32_t)__builtin_clzll(~window);
    if (length > 4) {
        /* Its length is then only compared with the longest word (and carried as run bits). */
        run->length = 5;
        run->key = 0;
    } else {
        run->length = length;
        run->key = length == 0 ? 0 : key_at(src, len, length, carried);
    }
    return count;
}

size_t hookline_short_words(const uint8_t *src, size_t len, hookline_word_run *run, const uint64_t *filter,
                            uint64_t *out) {
    if (len == 0 || !hookline_has_avx2()) return 0;
    return short_words_avx2(src, len, run, filter, out);
}

#else

size_t hookline_short_words(const uint8_t *src, size_t len, hookline_word_run *run, const uint64_t *filter,
                            uint64_t *out) {
    (void)src;
    (void)len;
    (void)run;
    (void)filter;
    (void)out;
    return 0;
}

#endif
