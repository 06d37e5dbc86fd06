#include "csimd.h"

#include <stdint.h>
#include <string.h>

static inline int opens_word(uint8_t b) { return b == 0 || b == ' ' || b == '\n' || b == '(' || b == '"' || b == '\''; }

static inline int closes_word(uint8_t b) {
    switch (b) {
    case ' ': case '\n': case ',': case ';': case '!': case '?': case ')': case '"': case '.': case ':':
        return 1;
    default:
        return 0;
    }
}

/* What a walk reads and adds to, handed to its helpers as one. */
struct walk {
    const uint8_t *src;
    size_t len;
    uint64_t *spelled;
    const hookline_region_table *table;
    long *votes;
};

/* One word of the maps. In the slice's last, the bytes past `len` are no letter and the byte at
 * `len` is a special one: a run or a search that reaches the slice's end stops there as at a
 * special byte, where the answer is the same (the run is the caller's; the search answers `len`). */
struct block {
    uint64_t letters, specials;
};

static inline struct block load_block(const uint64_t *letters, const uint64_t *specials, size_t w, size_t last,
                                      size_t len) {
    struct block b = {letters[w], specials[w]};
    if (w == last && (len & 63) != 0) {
        uint64_t end = (uint64_t)1 << (len & 63);
        b.letters &= end - 1;
        b.specials = (b.specials & (end - 1)) | end;
    }
    return b;
}

/* Takes the word src[p..<j] (its votes, its spelled mark); 1 when it is the caller's (a
 * currency, "kr", "rs"). `safe`: eight bytes from `p` are inside the slice. */
static inline int take(const struct walk *k, size_t p, size_t j, int safe) {
    size_t run = j - p;
    if (run > 8) return 0;
    uint64_t word;
    if (safe || p + 8 <= k->len) {
        uint64_t chunk;
        memcpy(&chunk, k->src + p, 8);
        word = __builtin_bswap64(chunk) >> (64 - 8 * run);
    } else {
        word = 0;
        for (size_t q = p; q < j; q++) word = word << 8 | k->src[q];
    }
    const hookline_region_table *table = k->table;
    size_t slot = (size_t)((word * 0x9E3779B97F4A7C15ULL) >> table->shift);
    for (;;) {
        uint64_t key = table->keys[slot];
        if (key == word) {
            uint32_t entry = table->values[slot];
            if (entry & HOOKLINE_REGION_NUMBER_WORD) k->spelled[p >> 6] |= (uint64_t)1 << (p & 63);
            if (entry & HOOKLINE_REGION_CALLERS) return 1;
            if ((entry & 0xFFFF) != 0 && opens_word(k->src[p - 1]) && closes_word(k->src[j])) {
                for (uint32_t bits = entry & 0xFFFF; bits != 0; bits &= bits - 1) k->votes[__builtin_ctz(bits)]++;
            }
            return 0;
        }
        if (key == 0) return 0;
        slot = (slot + 1) & table->mask;
    }
}

/* Takes the runs of one word of the maps at `base`: `starts` their first letters, `ends` the
 * bytes that close them, in the same order. Returns the first letter of the one that is the
 * caller's, or SIZE_MAX; `begun` is where the last one taken began. A function of its own so
 * that the runs far enough from the slice's end (`safe`) are read without testing each. */
static inline size_t take_runs(const struct walk *k, size_t base, uint64_t starts, uint64_t ends, int safe,
                               ptrdiff_t *begun) {
    while (starts != 0) {
        size_t p = base + (size_t)__builtin_ctzll(starts);
        size_t j = base + (size_t)__builtin_ctzll(ends);
        starts &= starts - 1;
        ends &= ends - 1;
        if (take(k, p, j, safe)) return p;
        *begun = (ptrdiff_t)p;
    }
    return SIZE_MAX;
}

/* A word of the maps at a time: its runs of letters from the bit maps (first letters, closing
 * bytes), paired in order, cut at the first special byte, and the one run that goes on into the
 * next word followed there. The walk before found each run's two ends from scratch in the maps
 * and tested the slice's end and the closing byte for each, and a number word by a test of its
 * own: ~107 instructions a word in the daemon, this ~50. */
size_t hookline_region_words(const uint8_t *src, size_t len, size_t i, const uint64_t *letters,
                             const uint64_t *specials, uint64_t *spelled, const hookline_region_table *table,
                             long *votes, ptrdiff_t *last_begin) {
    if (i >= len) return len;
    const struct walk k = {src, len, spelled, table, votes};
    const size_t last = (len - 1) >> 6;
    ptrdiff_t begun = *last_begin;
    size_t w = i >> 6;
    struct block b = load_block(letters, specials, w, last, len);
    /* A word at byte 0, whose byte before is carried from the slice before, is the caller's. */
    if (i == 0 && ((b.letters | b.specials) & 1) != 0) return 0;
    /* The bits of word `w` the walk has yet to read. */
    uint64_t live = ~(uint64_t)0 << (i & 63);
    size_t at;
    for (;;) {
        size_t base = w << 6;
        uint64_t run_letters = b.letters & live;
        uint64_t starts = run_letters & ~(run_letters << 1);
        uint64_t ends = ~b.letters & (run_letters << 1);
        uint64_t special = b.specials & live;
        /* The first special byte ends the walk here, or the run it closes does (the caller's);
         * the runs before it are taken. */
        size_t stop = SIZE_MAX;
        if (special != 0) {
            uint64_t first = special & -special;
            starts &= first - 1;
            stop = base + (size_t)__builtin_ctzll(special);
            if (ends & first) {
                unsigned p = 63 - (unsigned)__builtin_clzll(starts);
                starts &= ~((uint64_t)1 << p);
                stop = base + p;
            }
        }
        /* A run that goes on into the next word of the maps (no special byte is after it here). */
        uint64_t crossing = 0;
        if (special == 0 && (int64_t)run_letters < 0) {
            crossing = (uint64_t)1 << (63 - __builtin_clzll(starts));
            starts &= ~crossing;
        }
        at = base + 72 <= len ? take_runs(&k, base, starts, ends, 1, &begun) : take_runs(&k, base, starts, ends, 0, &begun);
        if (at != SIZE_MAX) goto done;
        if (stop != SIZE_MAX) {
            at = stop;
            goto done;
        }
        if (crossing != 0) {
            size_t p = base + (size_t)__builtin_ctzll(crossing);
            at = p;
            uint64_t rest;
            do {
                if (++w > last) goto done;
                b = load_block(letters, specials, w, last, len);
                rest = ~b.letters;
            } while (rest == 0);
            uint64_t closer = rest & -rest;
            if ((b.specials & closer) != 0 || take(&k, p, w << 6 | (size_t)__builtin_ctzll(rest), 0)) goto done;
            begun = (ptrdiff_t)p;
            live = -(closer << 1);
            continue;
        }
        if (++w > last) {
            at = len;
            goto done;
        }
        b = load_block(letters, specials, w, last, len);
        live = ~(uint64_t)0;
    }
done:
    *last_begin = begun;
    return at;
}
