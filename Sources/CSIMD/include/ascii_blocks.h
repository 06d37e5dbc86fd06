#ifndef HOOKLINE_ASCII_BLOCKS_H
#define HOOKLINE_ASCII_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

/* What the last byte of hookline_ascii_blocks' bytes was, and whether all were letters. */
enum {
    HOOKLINE_ASCII_END_LETTER = 1,
    HOOKLINE_ASCII_END_DIGIT = 2,
    HOOKLINE_ASCII_END_SPACE = 4,
    HOOKLINE_ASCII_ALL_LETTERS = 8,
};

/* TextNormalizer's whole eight-byte steps (ASCIIWord), 32 bytes a step: while the next 32
 * of the `len` bytes at `src` are printable ASCII with no space after a space (the byte
 * before the first being a space when `space_before`), each is written to `out` with ASCII
 * capitals lowered and its offset (`origin` + its index) to `origins`. Returns the bytes
 * taken (a multiple of 32) and, when any, sets `end` (HOOKLINE_ASCII_*); 0 without AVX2. */
size_t hookline_ascii_blocks(const uint8_t *src, size_t len, int space_before, uint8_t *out, int32_t *origins,
                             int32_t origin, uint32_t *end);

#endif
