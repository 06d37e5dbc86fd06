#ifndef HOOKLINE_ASCII_RUN_H
#define HOOKLINE_ASCII_RUN_H

#include <stddef.h>
#include <stdint.h>

/* What hookline_ascii_run read: whether it took any byte that is no control (NUL-BS,
 * SO-US, DEL change nothing), the class of the first and the last such byte (a letter, a
 * digit, a blank, else punctuation), and whether every such byte was a letter. */
enum {
    HOOKLINE_RUN_SEEN = 1,
    HOOKLINE_RUN_FIRST_LETTER = 2,
    HOOKLINE_RUN_FIRST_DIGIT = 4,
    HOOKLINE_RUN_LAST_LETTER = 8,
    HOOKLINE_RUN_LAST_DIGIT = 16,
    HOOKLINE_RUN_LAST_BLANK = 32,
    HOOKLINE_RUN_ALL_LETTERS = 64,
};

/* TextNormalizer's ASCII run (its byte steps, 32 bytes a step): the `len` bytes at `src`
 * up to the first from 0x80, each letter written to `out` lower-cased, each digit and
 * punctuation as it is, each run of blanks (space, tab, LF, VT, FF, CR) as one space, or
 * none when it follows a space (or starts the bytes when `space_before`), controls not at
 * all; every byte written with its offset (`origin` + its index) in `origins`. Stores may
 * reach 32 bytes and 32 offsets past what is written, but only while at least eight bytes
 * of input are left (the normaliser's room is four a byte of input). Returns the bytes
 * read, the bytes written in `written` and HOOKLINE_RUN_* in `flags`; 0 without AVX2. */
size_t hookline_ascii_run(const uint8_t *src, size_t len, int space_before, uint8_t *out, int32_t *origins,
                          int32_t origin, size_t *written, uint32_t *flags);

#endif
