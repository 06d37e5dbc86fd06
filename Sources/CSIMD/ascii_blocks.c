#include "ascii_blocks.h"
#include "csimd.h"

#if defined(__x86_64__)
#include <immintrin.h>

/* The classes by signed byte compares (a byte from 0x80 up is negative, so in none of
 * them and not printable), the step's verdict from the masks' bits: the Swift step spent
 * ~80 instructions on eight bytes (its constants rebuilt and its state spilled each step). */
__attribute__((target("avx2"))) static size_t ascii_blocks_avx2(const uint8_t *src, size_t len, int space_before,
                                                                 uint8_t *out, int32_t *origins, int32_t origin,
                                                                 uint32_t *end) {
    const __m256i below_printable = _mm256_set1_epi8(0x1F), del = _mm256_set1_epi8(0x7F);
    const __m256i space = _mm256_set1_epi8(0x20);
    const __m256i before_a = _mm256_set1_epi8(0x60), after_z = _mm256_set1_epi8(0x7B);
    const __m256i before_0 = _mm256_set1_epi8(0x2F), after_9 = _mm256_set1_epi8(0x3A);
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i eight = _mm256_set1_epi32(8);
    uint32_t carry = space_before ? 1u : 0u;
    uint32_t letters = 0, digits = 0, spaces = 0, all_letters = 1;
    size_t i = 0;
    while (len - i >= 32) {
        const __m256i v = _mm256_loadu_si256((const __m256i *)(src + i));
        const __m256i printable =
            _mm256_and_si256(_mm256_cmpgt_epi8(v, below_printable), _mm256_cmpgt_epi8(del, v));
        const uint32_t shown = (uint32_t)_mm256_movemask_epi8(printable);
        const uint32_t blank = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, space));
        if (~shown != 0 || (blank & ((blank << 1) | carry)) != 0) break;
        const __m256i lower = _mm256_or_si256(v, space);
        const __m256i letter = _mm256_and_si256(_mm256_cmpgt_epi8(lower, before_a), _mm256_cmpgt_epi8(after_z, lower));
        const __m256i digit = _mm256_and_si256(_mm256_cmpgt_epi8(v, before_0), _mm256_cmpgt_epi8(after_9, v));
        _mm256_storeu_si256((__m256i *)(out + i), _mm256_or_si256(v, _mm256_and_si256(letter, space)));
        __m256i at = _mm256_add_epi32(_mm256_set1_epi32((int32_t)((uint32_t)origin + (uint32_t)i)), lanes);
        for (int k = 0; k < 4; k++) {
            _mm256_storeu_si256((__m256i *)(origins + i + 8 * k), at);
            at = _mm256_add_epi32(at, eight);
        }
        letters = (uint32_t)_mm256_movemask_epi8(letter);
        digits = (uint32_t)_mm256_movemask_epi8(digit);
        spaces = blank;
        all_letters &= letters == 0xFFFFFFFFu;
        carry = blank >> 31;
        i += 32;
    }
    if (i > 0) {
        *end = (letters >> 31 ? HOOKLINE_ASCII_END_LETTER : 0) | (digits >> 31 ? HOOKLINE_ASCII_END_DIGIT : 0) |
               (spaces >> 31 ? HOOKLINE_ASCII_END_SPACE : 0) | (all_letters ? HOOKLINE_ASCII_ALL_LETTERS : 0);
    }
    return i;
}

size_t hookline_ascii_blocks(const uint8_t *src, size_t len, int space_before, uint8_t *out, int32_t *origins,
                             int32_t origin, uint32_t *end) {
    if (len < 32 || !hookline_has_avx2()) return 0;
    return ascii_blocks_avx2(src, len, space_before, out, origins, origin, end);
}
#else
size_t hookline_ascii_blocks(const uint8_t *src, size_t len, int space_before, uint8_t *out, int32_t *origins,
                             int32_t origin, uint32_t *end) {
    (void)src;
    (void)len;
    (void)space_before;
    (void)out;
    (void)origins;
    (void)origin;
    (void)end;
    return 0;
}
#endif
