#include "csimd.h"

#include <string.h>

/* One byte's classes, as the vector path computes them for 32 at a time. */
static inline int is_letter(uint8_t b) { return b >= 'a' && b <= 'z'; }
static inline int is_digit(uint8_t b) { return b >= '0' && b <= '9'; }
static inline int is_capital(uint8_t b) { return b >= 'A' && b <= 'Z'; }

int hookline_slice_classes_bytes(const uint8_t *src, size_t len, uint64_t *letters, uint64_t *specials,
                                 uint64_t *phone, uint64_t *digits) {
    int capitals = 0;
    int after_word = 0;
    size_t words = (len + 63) / 64;
    for (size_t w = 0; w < words; w++) {
        uint64_t l = 0, s = 0, p = 0, d = 0;
        for (size_t k = 0; k < 64 && w * 64 + k < len; k++) {
            uint8_t b = src[w * 64 + k];
            uint64_t bit = (uint64_t)1 << k;
            if (is_letter(b)) l |= bit;
            if (b >= 0x80 || b == '$') s |= bit;
            if (is_digit(b)) d |= bit;
            if (is_digit(b) || b == '+' || b == '(' || b == '[') p |= bit;
            if ((b == '|' || b == 'o' || b == 'l' || b == 'i') && !after_word) p |= bit;
            if (is_capital(b)) capitals = 1;
            after_word = is_letter(b) || is_digit(b) || is_capital(b);
        }
        letters[w] = l;
        specials[w] = s;
        phone[w] = p;
        digits[w] = d;
    }
    return capitals;
}

#if defined(__x86_64__)
#include <immintrin.h>

/* The bytes of `v` in lo...hi, as a mask: (v - lo) <= (hi - lo), unsigned. */
__attribute__((target("avx2"))) static inline __m256i in_range(__m256i v, uint8_t lo, uint8_t hi) {
    __m256i t = _mm256_sub_epi8(v, _mm256_set1_epi8((char)lo));
    return _mm256_cmpeq_epi8(_mm256_min_epu8(t, _mm256_set1_epi8((char)(hi - lo))), t);
}

__attribute__((target("avx2"))) static inline __m256i is_byte(__m256i v, uint8_t b) {
    return _mm256_cmpeq_epi8(v, _mm256_set1_epi8((char)b));
}

static inline uint64_t join(int low, int high) { return (uint64_t)(uint32_t)low | (uint64_t)(uint32_t)high << 32; }

/* The classes of 64 bytes at `p` (a padded copy at the slice's end), one bit a byte:
 * letters "a"..."z", specials (>= 0x80 or "$"), strong phone stops (digits, "+", "(", "["),
 * weak ones ("|", "o", "l", "i": stops unless a word byte is before them), digits, capitals. */
struct classes {
    uint64_t letters, specials, strong, weak, digits, capitals;
};

__attribute__((target("avx2"))) static inline struct classes classes64(const uint8_t *p) {
    int m[2][6];
    for (int h = 0; h < 2; h++) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(p + 32 * h));
        __m256i digit = in_range(v, '0', '9');
        __m256i strong = _mm256_or_si256(_mm256_or_si256(digit, is_byte(v, '+')),
                                         _mm256_or_si256(is_byte(v, '('), is_byte(v, '[')));
        __m256i weak = _mm256_or_si256(_mm256_or_si256(is_byte(v, '|'), is_byte(v, 'o')),
                                       _mm256_or_si256(is_byte(v, 'l'), is_byte(v, 'i')));
        m[h][0] = _mm256_movemask_epi8(in_range(v, 'a', 'z'));
        m[h][1] = _mm256_movemask_epi8(_mm256_or_si256(v, is_byte(v, '$'))); /* the high bit */
        m[h][2] = _mm256_movemask_epi8(strong);
        m[h][3] = _mm256_movemask_epi8(weak);
        m[h][4] = _mm256_movemask_epi8(digit);
        m[h][5] = _mm256_movemask_epi8(in_range(v, 'A', 'Z'));
    }
    struct classes c = {
        join(m[0][0], m[1][0]), join(m[0][1], m[1][1]), join(m[0][2], m[1][2]),
        join(m[0][3], m[1][3]), join(m[0][4], m[1][4]), join(m[0][5], m[1][5]),
    };
    return c;
}

__attribute__((target("avx2"))) static int slice_classes_avx2(const uint8_t *src, size_t len, uint64_t *letters,
                                                               uint64_t *specials, uint64_t *phone, uint64_t *digits) {
    uint64_t capitals = 0;
    uint64_t carry = 0; /* 1: the byte before this block is a word byte */
    size_t words = (len + 63) / 64;
    uint8_t tail[64];
    for (size_t w = 0; w < words; w++) {
        const uint8_t *p = src + 64 * w;
        size_t left = len - 64 * w;
        if (left < 64) {
            /* Zeros after the slice's end belong to no class. */
            memset(tail, 0, sizeof tail);
            memcpy(tail, p, left);
            p = tail;
        }
        struct classes c = classes64(p);
        uint64_t word = c.letters | c.digits | c.capitals;
        uint64_t after_word = word << 1 | carry;
        carry = word >> 63;
        letters[w] = c.letters;
        specials[w] = c.specials;
        phone[w] = c.strong | (c.weak & ~after_word);
        digits[w] = c.digits;
        capitals |= c.capitals;
    }
    return capitals != 0;
}

int hookline_slice_classes(const uint8_t *src, size_t len, uint64_t *letters, uint64_t *specials, uint64_t *phone,
                           uint64_t *digits) {
    return hookline_has_avx2() ? slice_classes_avx2(src, len, letters, specials, phone, digits)
                               : hookline_slice_classes_bytes(src, len, letters, specials, phone, digits);
}

#else

int hookline_slice_classes(const uint8_t *src, size_t len, uint64_t *letters, uint64_t *specials, uint64_t *phone,
                           uint64_t *digits) {
    return hookline_slice_classes_bytes(src, len, letters, specials, phone, digits);
}

#endif
