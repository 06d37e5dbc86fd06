#include "csimd.h"

#include <string.h>

/* A number word of the spelled-number scanner (SpelledNumberScanner.numberWord), packed. */
static inline int is_number_word(uint64_t w) {
    switch (w) {
    case 0x7A65726FULL: /* zero */
    case 0x6F6E65ULL:   /* one */
    case 0x74776FULL:   /* two */
    case 0x7468726565ULL: /* three */
    case 0x666F7572ULL: /* four */
    case 0x66697665ULL: /* five */
    case 0x736978ULL:   /* six */
    case 0x736576656EULL: /* seven */
    case 0x6569676874ULL: /* eight */
    case 0x6E696E65ULL: /* nine */
    case 0x68756E64726564ULL: /* hundred */
        return 1;
    default:
        return 0;
    }
}

static inline int opens_word(uint8_t b) { return b == 0 || b == ' ' || b == '\n' || b == '(' || b == '"' || b == '\''; }

static inline int closes_word(uint8_t b) {
    switch (b) {
    case ' ': case '\n': case ',': case ';': case '!': case '?': case ')': case '"': case '.': case ':':
        return 1;
    default:
        return 0;
    }
}

static inline int bit_at(const uint64_t *map, size_t k) { return (int)(map[k >> 6] >> (k & 63) & 1); }

size_t hookline_region_words(const uint8_t *src, size_t len, size_t i, const uint64_t *letters,
                             const uint64_t *specials, uint64_t *spelled, const hookline_region_table *table,
                             long *votes, ptrdiff_t *last_begin) {
    size_t used = (len + 63) / 64;
    while (i < len) {
        /* The first letter or special byte from i on. */
        size_t w = i >> 6;
        uint64_t next = (letters[w] | specials[w]) & (~(uint64_t)0 << (i & 63));
        while (next == 0 && w + 1 < used) {
            w++;
            next = letters[w] | specials[w];
        }
        if (next == 0) return len;
        size_t p = w << 6 | (size_t)__builtin_ctzll(next);
        if (p >= len) return len;
        /* A special byte, or a word whose byte before is carried from the slice before. */
        if (!bit_at(letters, p) || p == 0) return p;
        /* The letter run p..<j. */
        w = p >> 6;
        uint64_t rest = ~letters[w] & (~(uint64_t)0 << (p & 63));
        while (rest == 0 && w + 1 < used) {
            w++;
            rest = ~letters[w];
        }
        if (rest == 0) return p;
        size_t j = w << 6 | (size_t)__builtin_ctzll(rest);
        if (j >= len) return p;
        uint8_t b = src[j];
        if (b >= 0x80 || b == '$') return p;
        size_t run = j - p;
        if (run <= 8) {
            uint64_t word;
            if (p + 8 <= len) {
                uint64_t chunk;
                memcpy(&chunk, src + p, 8);
                word = __builtin_bswap64(chunk) >> (64 - 8 * run);
            } else {
                word = 0;
                for (size_t k = p; k < j; k++) word = word << 8 | src[k];
            }
            if (run >= 3 && run <= 7 && is_number_word(word)) spelled[p >> 6] |= (uint64_t)1 << (p & 63);
            size_t slot = (size_t)((word * 0x9E3779B97F4A7C15ULL) >> table->shift);
            for (;;) {
                uint64_t k = table->keys[slot];
                if (k == word) {
                    uint32_t entry = table->values[slot];
                    /* Currencies, "kr" and "rs" are the caller's. */
                    if (entry >> 16 != 0) return p;
                    if (opens_word(src[p - 1]) && closes_word(b)) {
                        for (uint32_t bits = entry & 0xFFFF; bits != 0; bits &= bits - 1) votes[__builtin_ctz(bits)]++;
                    }
                    break;
                }
                if (k == 0) break;
                slot = (slot + 1) & table->mask;
            }
        }
        *last_begin = (ptrdiff_t)p;
        i = j + 1;
    }
    return len;
}
