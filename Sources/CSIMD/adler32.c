#include "csimd.h"

#define ADLER_BASE 65521U
/* The most bytes whose sums cannot overflow 32 bits before they are reduced (zlib's NMAX). */
#define ADLER_NMAX 5552U

static uint32_t adler32_bytes(uint32_t adler, const uint8_t *buf, size_t len) {
    uint32_t s1 = adler & 0xFFFF, s2 = adler >> 16;
    while (len > 0) {
        size_t n = len < ADLER_NMAX ? len : ADLER_NMAX;
        len -= n;
        while (n--) {
            s1 += *buf++;
            s2 += s1;
        }
        s1 %= ADLER_BASE;
        s2 %= ADLER_BASE;
    }
    return s1 | (s2 << 16);
}

#if defined(__x86_64__)
#include <immintrin.h>

/* 32 bytes a step: their sum with psadbw, their weighted sum (32 down to 1) with pmaddubsw,
 * and the running sum of s1 for the steps' share of s2; reduced every NMAX bytes. The
 * SSSE3 scheme of Chromium's zlib (adler32_simd.c), compiled for AVX2 machines (three-
 * operand forms, no register copies). */
__attribute__((target("avx2"))) static uint32_t adler32_avx2(uint32_t adler, const uint8_t *buf, size_t len) {
    uint32_t s1 = adler & 0xFFFF, s2 = adler >> 16;
    size_t blocks = len / 32;
    len -= blocks * 32;
    const __m128i tap1 = _mm_setr_epi8(32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17);
    const __m128i tap2 = _mm_setr_epi8(16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
    const __m128i zero = _mm_setzero_si128();
    const __m128i ones = _mm_set1_epi16(1);
    while (blocks > 0) {
        size_t n = ADLER_NMAX / 32;
        if (n > blocks) n = blocks;
        blocks -= n;
        __m128i v_ps = _mm_set_epi32(0, 0, 0, (int)(s1 * (uint32_t)n));
        __m128i v_s2 = _mm_set_epi32(0, 0, 0, (int)s2);
        __m128i v_s1 = _mm_setzero_si128();
        do {
            const __m128i bytes1 = _mm_loadu_si128((const __m128i *)buf);
            const __m128i bytes2 = _mm_loadu_si128((const __m128i *)(buf + 16));
            v_ps = _mm_add_epi32(v_ps, v_s1);
            v_s1 = _mm_add_epi32(v_s1, _mm_sad_epu8(bytes1, zero));
            v_s2 = _mm_add_epi32(v_s2, _mm_madd_epi16(_mm_maddubs_epi16(bytes1, tap1), ones));
            v_s1 = _mm_add_epi32(v_s1, _mm_sad_epu8(bytes2, zero));
            v_s2 = _mm_add_epi32(v_s2, _mm_madd_epi16(_mm_maddubs_epi16(bytes2, tap2), ones));
            buf += 32;
        } while (--n);
        v_s2 = _mm_add_epi32(v_s2, _mm_slli_epi32(v_ps, 5));
        v_s1 = _mm_add_epi32(v_s1, _mm_shuffle_epi32(v_s1, _MM_SHUFFLE(2, 3, 0, 1)));
        v_s1 = _mm_add_epi32(v_s1, _mm_shuffle_epi32(v_s1, _MM_SHUFFLE(1, 0, 3, 2)));
        s1 += (uint32_t)_mm_cvtsi128_si32(v_s1);
        v_s2 = _mm_add_epi32(v_s2, _mm_shuffle_epi32(v_s2, _MM_SHUFFLE(2, 3, 0, 1)));
        v_s2 = _mm_add_epi32(v_s2, _mm_shuffle_epi32(v_s2, _MM_SHUFFLE(1, 0, 3, 2)));
        s2 = (uint32_t)_mm_cvtsi128_si32(v_s2);
        s1 %= ADLER_BASE;
        s2 %= ADLER_BASE;
    }
    return adler32_bytes(s1 | (s2 << 16), buf, len);
}

uint32_t hookline_adler32(uint32_t adler, const uint8_t *buf, size_t len) {
    return hookline_has_avx2() ? adler32_avx2(adler, buf, len) : adler32_bytes(adler, buf, len);
}

#else

uint32_t hookline_adler32(uint32_t adler, const uint8_t *buf, size_t len) { return adler32_bytes(adler, buf, len); }

#endif
