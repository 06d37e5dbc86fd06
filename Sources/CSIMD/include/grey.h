#ifndef HOOKLINE_GREY_H
#define HOOKLINE_GREY_H

#include <stddef.h>
#include <stdint.h>

/* The grey values of whole steps of 32 RGB pixels (8 bits a sample) of a PDF image's row,
 * as PDFRasterImage's byte loop writes them: (77 r + 150 g + 29 b) >> 8 of the samples each
 * XORed with `flip` (255 for an inverted image, else 0). Reads 3 * pixels bytes at `src`,
 * writes one byte a pixel at `dst`; returns how many pixels it wrote (a multiple of 32, the
 * caller's loop does the rest), 0 without AVX2 (callers need not ask hookline_has_avx2). */
size_t hookline_grey_rgb(const uint8_t *src, size_t pixels, uint8_t flip, uint8_t *dst);

#endif
