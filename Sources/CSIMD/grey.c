#include "grey.h"
#include "csimd.h"

#if defined(__x86_64__)
#include <immintrin.h>

/* 32 pixels a step, 16 in each 128-bit lane: the lane's 48 bytes split into its r, g and b
 * bytes by three byte shuffles each, widened to 16 bits (the sums reach 65,280, so never
 * wrap), multiplied and added, and packed back in the order they were widened. The Swift
 * loop the compiler vectorised for SSE2 spent ~17 instructions a pixel, most of them
 * regrouping the samples. */
__attribute__((target("avx2"))) static size_t grey_rgb_avx2(const uint8_t *src, size_t pixels, uint8_t flip,
                                                             uint8_t *dst) {
    const __m256i flips = _mm256_set1_epi8((char)flip);
    const __m256i zero = _mm256_setzero_si256();
#define Z -1
#define TWICE(...) _mm256_setr_epi8(__VA_ARGS__, __VA_ARGS__)
    const __m256i ra = TWICE(0, 3, 6, 9, 12, 15, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z);
    const __m256i rb = TWICE(Z, Z, Z, Z, Z, Z, 2, 5, 8, 11, 14, Z, Z, Z, Z, Z);
    const __m256i rc = TWICE(Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, 1, 4, 7, 10, 13);
    const __m256i ga = TWICE(1, 4, 7, 10, 13, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z);
    const __m256i gb = TWICE(Z, Z, Z, Z, Z, 0, 3, 6, 9, 12, 15, Z, Z, Z, Z, Z);
    const __m256i gc = TWICE(Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, 2, 5, 8, 11, 14);
    const __m256i ba = TWICE(2, 5, 8, 11, 14, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, Z);
    const __m256i bb = TWICE(Z, Z, Z, Z, Z, 1, 4, 7, 10, 13, Z, Z, Z, Z, Z, Z);
    const __m256i bc = TWICE(Z, Z, Z, Z, Z, Z, Z, Z, Z, Z, 0, 3, 6, 9, 12, 15);
#undef TWICE
#undef Z
    const __m256i wr = _mm256_set1_epi16(77), wg = _mm256_set1_epi16(150), wb = _mm256_set1_epi16(29);
    size_t done = 0;
    for (; pixels - done >= 32; done += 32) {
        const uint8_t *p = src + done * 3;
        /* Lane 0 holds pixels 0-15 of the step, lane 1 pixels 16-31. */
        __m256i a = _mm256_loadu2_m128i((const __m128i *)(p + 48), (const __m128i *)p);
        __m256i b = _mm256_loadu2_m128i((const __m128i *)(p + 64), (const __m128i *)(p + 16));
        __m256i c = _mm256_loadu2_m128i((const __m128i *)(p + 80), (const __m128i *)(p + 32));
        a = _mm256_xor_si256(a, flips);
        b = _mm256_xor_si256(b, flips);
        c = _mm256_xor_si256(c, flips);
        __m256i r = _mm256_or_si256(_mm256_or_si256(_mm256_shuffle_epi8(a, ra), _mm256_shuffle_epi8(b, rb)),
                                    _mm256_shuffle_epi8(c, rc));
        __m256i g = _mm256_or_si256(_mm256_or_si256(_mm256_shuffle_epi8(a, ga), _mm256_shuffle_epi8(b, gb)),
                                    _mm256_shuffle_epi8(c, gc));
        __m256i bl = _mm256_or_si256(_mm256_or_si256(_mm256_shuffle_epi8(a, ba), _mm256_shuffle_epi8(b, bb)),
                                     _mm256_shuffle_epi8(c, bc));
        __m256i lo = _mm256_add_epi16(
            _mm256_add_epi16(_mm256_mullo_epi16(_mm256_unpacklo_epi8(r, zero), wr),
                             _mm256_mullo_epi16(_mm256_unpacklo_epi8(g, zero), wg)),
            _mm256_mullo_epi16(_mm256_unpacklo_epi8(bl, zero), wb));
        __m256i hi = _mm256_add_epi16(
            _mm256_add_epi16(_mm256_mullo_epi16(_mm256_unpackhi_epi8(r, zero), wr),
                             _mm256_mullo_epi16(_mm256_unpackhi_epi8(g, zero), wg)),
            _mm256_mullo_epi16(_mm256_unpackhi_epi8(bl, zero), wb));
        /* unpacklo/hi and packus work within lanes alike, so the pixels come back in order. */
        __m256i grey = _mm256_packus_epi16(_mm256_srli_epi16(lo, 8), _mm256_srli_epi16(hi, 8));
        _mm256_storeu_si256((__m256i *)(dst + done), grey);
    }
    return done;
}

size_t hookline_grey_rgb(const uint8_t *src, size_t pixels, uint8_t flip, uint8_t *dst) {
    if (pixels < 32 || !hookline_has_avx2()) return 0;
    return grey_rgb_avx2(src, pixels, flip, dst);
}
#else
size_t hookline_grey_rgb(const uint8_t *src, size_t pixels, uint8_t flip, uint8_t *dst) {
    (void)src;
    (void)pixels;
    (void)flip;
    (void)dst;
    return 0;
}
#endif
