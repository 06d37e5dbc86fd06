#include "ascii_run.h"
#include "csimd.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

/* The class of one byte below 0x80, as HOOKLINE_RUN_FIRST_* (a blank or punctuation is 0). */
static inline uint32_t first_class(uint8_t b) {
    uint8_t l = b | 0x20;
    if (l >= 'a' && l <= 'z') return HOOKLINE_RUN_FIRST_LETTER;
    if (b >= '0' && b <= '9') return HOOKLINE_RUN_FIRST_DIGIT;
    return 0;
}

static inline int is_blank(uint8_t b) { return b == 0x20 || (b >= 0x09 && b <= 0x0D); }

/* Blocks of 32 bytes (the last one, of 8 to 31, copied after 0x80 padding, which stops the
 * run like any 8-bit byte): the lanes before the first refused one (a control, an 8-bit byte,
 * a blank after a blank) are written at once, blanks as spaces; the refused byte is passed
 * here (a control, or a run of blanks that writes nothing) or ends the run. The Swift run
 * loop's eight-byte steps broke at every line end and tab, and each input's state went in
 * and out of memory at every step. Signed compares: a byte from 0x80 is negative, in no class. */
__attribute__((target("avx2"))) static size_t run_avx2(const uint8_t *src, size_t len, int space_before,
                                                        uint8_t *out, int32_t *origins, int32_t origin,
                                                        size_t *written, uint32_t *flags) {
    const __m256i space = _mm256_set1_epi8(0x20), before_tab = _mm256_set1_epi8(0x08);
    const __m256i after_cr = _mm256_set1_epi8(0x0E), del = _mm256_set1_epi8(0x7F);
    const __m256i before_a = _mm256_set1_epi8(0x60), after_z = _mm256_set1_epi8(0x7B);
    const __m256i before_0 = _mm256_set1_epi8(0x2F), after_9 = _mm256_set1_epi8(0x3A);
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), eight = _mm256_set1_epi32(8);
    uint32_t blank_before = space_before ? 1u : 0u;
    /* First: HOOKLINE_RUN_SEEN and the first class once set; last: the last class. */
    uint32_t first = 0, last = 0, all_letters = HOOKLINE_RUN_ALL_LETTERS;
    size_t i = 0, w = 0;
    while (len - i >= 8) {
        __m256i v;
        if (len - i >= 32) {
            v = _mm256_loadu_si256((const __m256i *)(src + i));
        } else {
            uint8_t tail[32];
            _mm256_storeu_si256((__m256i *)tail, _mm256_set1_epi8((char)0x80));
            memcpy(tail, src + i, len - i);
            v = _mm256_loadu_si256((const __m256i *)tail);
        }
        const __m256i blank = _mm256_or_si256(_mm256_cmpeq_epi8(v, space),
                                              _mm256_and_si256(_mm256_cmpgt_epi8(v, before_tab), _mm256_cmpgt_epi8(after_cr, v)));
        const __m256i graphic = _mm256_and_si256(_mm256_cmpgt_epi8(v, space), _mm256_cmpgt_epi8(del, v));
        const uint32_t blanks = (uint32_t)_mm256_movemask_epi8(blank);
        const uint32_t taken = blanks | (uint32_t)_mm256_movemask_epi8(graphic);
        const uint32_t refused = ~taken | (blanks & ((blanks << 1) | blank_before));
        const uint32_t k = refused == 0 ? 32 : (uint32_t)__builtin_ctz(refused);
        if (k > 0) {
            const __m256i lower = _mm256_or_si256(v, space);
            const __m256i letter =
                _mm256_and_si256(_mm256_cmpgt_epi8(lower, before_a), _mm256_cmpgt_epi8(after_z, lower));
            const __m256i digit = _mm256_and_si256(_mm256_cmpgt_epi8(v, before_0), _mm256_cmpgt_epi8(after_9, v));
            const __m256i shown = _mm256_blendv_epi8(_mm256_or_si256(v, _mm256_and_si256(letter, space)), space, blank);
            _mm256_storeu_si256((__m256i *)(out + w), shown);
            __m256i at = _mm256_add_epi32(_mm256_set1_epi32((int32_t)((uint32_t)origin + (uint32_t)i)), lanes);
            for (int q = 0; q < 4; q++) {
                _mm256_storeu_si256((__m256i *)(origins + w + 8 * q), at);
                at = _mm256_add_epi32(at, eight);
            }
            const uint32_t letters = (uint32_t)_mm256_movemask_epi8(letter);
            const uint32_t digits = (uint32_t)_mm256_movemask_epi8(digit);
            const uint32_t mask = k == 32 ? 0xFFFFFFFFu : (1u << k) - 1;
            if (first == 0) {
                first = HOOKLINE_RUN_SEEN | (letters & 1 ? HOOKLINE_RUN_FIRST_LETTER : 0) |
                        (digits & 1 ? HOOKLINE_RUN_FIRST_DIGIT : 0);
            }
            if ((letters & mask) != mask) all_letters = 0;
            const uint32_t top = 1u << (k - 1);
            last = letters & top ? HOOKLINE_RUN_LAST_LETTER
                   : digits & top ? HOOKLINE_RUN_LAST_DIGIT
                   : blanks & top ? HOOKLINE_RUN_LAST_BLANK
                                  : 0;
            blank_before = (blanks & top) != 0;
            w += k;
            i += k;
            if (k == 32) continue;
        }
        if (i >= len || src[i] >= 0x80) break;
        if (is_blank(src[i])) {
            /* After a blank (or the space before): it and the blanks after it write nothing. */
            if (first == 0) first = HOOKLINE_RUN_SEEN;
            all_letters = 0;
            last = HOOKLINE_RUN_LAST_BLANK;
            i++;
            while (i < len && is_blank(src[i])) i++;
        } else {
            i++;
        }
    }
    /* Fewer than eight bytes left: a byte at a time, written in place. */
    for (; i < len; i++) {
        const uint8_t b = src[i];
        if (b >= 0x80) break;
        uint32_t cls;
        if (is_blank(b)) {
            if (!blank_before) {
                out[w] = 0x20;
                origins[w++] = (int32_t)((uint32_t)origin + (uint32_t)i);
                blank_before = 1;
            }
            cls = HOOKLINE_RUN_LAST_BLANK;
        } else if (b > 0x20 && b < 0x7F) {
            const uint32_t c = first_class(b);
            out[w] = c == HOOKLINE_RUN_FIRST_LETTER ? (uint8_t)(b | 0x20) : b;
            origins[w++] = (int32_t)((uint32_t)origin + (uint32_t)i);
            blank_before = 0;
            cls = c == HOOKLINE_RUN_FIRST_LETTER ? HOOKLINE_RUN_LAST_LETTER
                  : c == HOOKLINE_RUN_FIRST_DIGIT ? HOOKLINE_RUN_LAST_DIGIT
                                                  : 0;
        } else {
            continue;
        }
        if (first == 0) first = HOOKLINE_RUN_SEEN | first_class(b);
        if (cls != HOOKLINE_RUN_LAST_LETTER) all_letters = 0;
        last = cls;
    }
    *written = w;
    *flags = first == 0 ? 0 : first | last | all_letters;
    return i;
}

size_t hookline_ascii_run(const uint8_t *src, size_t len, int space_before, uint8_t *out, int32_t *origins,
                          int32_t origin, size_t *written, uint32_t *flags) {
    if (!hookline_has_avx2()) {
        *written = 0;
        *flags = 0;
        return 0;
    }
    return run_avx2(src, len, space_before, out, origins, origin, written, flags);
}
#else
size_t hookline_ascii_run(const uint8_t *src, size_t len, int space_before, uint8_t *out, int32_t *origins,
                          int32_t origin, size_t *written, uint32_t *flags) {
    (void)src;
    (void)len;
    (void)space_before;
    (void)out;
    (void)origins;
    (void)origin;
    *written = 0;
    *flags = 0;
    return 0;
}
#endif
