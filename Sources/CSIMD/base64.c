#include "csimd.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define TWICE(...) __VA_ARGS__, __VA_ARGS__

/* The standard alphabet by nibbles: a byte is in it when lo[its low nibble] & hi[its high
 * nibble] is 0. Each bit is one class of high nibble and is set in `lo` for the low nibbles
 * that class does not take: bit 0 the high nibbles with none (0, 1, 8-F), bit 1 "+ /" (2B
 * 2F), bit 2 digits (30-39), bit 3 letters after 40 and 60, bit 4 "P-Z" (50-5A), bit 5
 * "p-z" (70-7A). Shuffles work within each 16-byte lane, so the tables are twice. The
 * URL-safe "-" and "_" end a step like any byte outside the alphabet (the table path
 * decodes them): mail is written in the standard alphabet, and the two compares and their
 * offsets were 6 of ~47 instructions a step. */
__attribute__((target("avx2"))) static size_t lines_avx2(const uint8_t *src, size_t len, size_t quanta, uint8_t *dst,
                                                         size_t *done) {
    const __m256i lo_lut = _mm256_setr_epi8(
        TWICE(0x0B, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03, 0x03, 0x07, 0x35, 0x37, 0x37, 0x37, 0x35));
    const __m256i hi_lut = _mm256_setr_epi8(
        TWICE(0x01, 0x01, 0x02, 0x04, 0x08, 0x10, 0x08, 0x20, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01));
    /* What takes a byte to its sextet, by high nibble; "/" is set right after. */
    const __m256i offset_lut = _mm256_setr_epi8(TWICE(0, 0, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0));
    const __m256i nibble = _mm256_set1_epi8(0x0F), zero = _mm256_setzero_si256();
    const __m256i slash = _mm256_set1_epi8(0x2F);
    const __m256i pairs = _mm256_set1_epi32(0x01400140), quads = _mm256_set1_epi32(0x00011000);
    const __m256i order = _mm256_setr_epi8(TWICE(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1));
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7);
    const uint8_t *p = src, *end = src + len;
    size_t k = 0;
    /* While eleven quanta fit both the room and the input: a step reads 32 bytes and
     * writes 32 for its 24 (eight past them, in the three quanta of room after). */
    while (quanta - k >= 11 && (size_t)(end - p) >= 44) {
        __m256i in = _mm256_loadu_si256((const __m256i *)p);
        __m256i hi = _mm256_and_si256(_mm256_srli_epi32(in, 4), nibble);
        __m256i lo = _mm256_and_si256(in, nibble);
        __m256i bad = _mm256_and_si256(_mm256_shuffle_epi8(lo_lut, lo), _mm256_shuffle_epi8(hi_lut, hi));
        uint32_t ok = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(bad, zero));
        __m256i offset = _mm256_shuffle_epi8(offset_lut, hi);
        offset = _mm256_add_epi8(offset, _mm256_and_si256(_mm256_cmpeq_epi8(in, slash), _mm256_set1_epi8(-3)));
        __m256i sextets = _mm256_add_epi8(in, offset);
        /* Pairs of sextets to 12 bits, pairs of those to 24, the three bytes of each quantum
         * high first (12 a lane), then the two lanes' 12 together. */
        __m256i words = _mm256_madd_epi16(_mm256_maddubs_epi16(sextets, pairs), quads);
        __m256i packed = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(words, order), lanes);
        _mm256_storeu_si256((__m256i *)(dst + 3 * k), packed);
        if (ok == 0xFFFFFFFFu) {
            p += 32;
            k += 8;
            continue;
        }
        /* The whole quanta before the first byte outside the alphabet count (what was
         * stored after them is room, written again later); a line end right after them is
         * passed, as the table path passes it; anything else ends the run. */
        size_t q = (size_t)__builtin_ctz(~ok) / 4;
        p += 4 * q;
        k += q;
        if (p[0] == 0x0D && p[1] == 0x0A) {
            p += 2;
        } else if (p[0] == 0x0A) {
            p += 1;
        } else {
            break;
        }
    }
    *done = k;
    return (size_t)(p - src);
}

size_t hookline_base64_lines(const uint8_t *src, size_t len, size_t quanta, uint8_t *dst, size_t *done) {
    if (!hookline_has_avx2()) {
        *done = 0;
        return 0;
    }
    return lines_avx2(src, len, quanta, dst, done);
}

#else

size_t hookline_base64_lines(const uint8_t *src, size_t len, size_t quanta, uint8_t *dst, size_t *done) {
    (void)src;
    (void)len;
    (void)quanta;
    (void)dst;
    *done = 0;
    return 0;
}

#endif
