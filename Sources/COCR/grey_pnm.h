#ifndef HOOKLINE_GREY_PNM_H
#define HOOKLINE_GREY_PNM_H
#include <leptonica/allheaders.h>
#include <stddef.h>

// The grey Netpbm image ("P5\n<w> <h>\n255\n" and w*h bytes) that a PDF's raw page image
// becomes, as the Leptonica PIX that pixReadMem would give; NULL for any other form, which
// the caller leaves to pixReadMem. Leptonica reads a binary PNM one fread of one byte per
// pixel: a tenth of the OCR child's CPU over the corpus's PDF page images.
PIX *hookline_read_plain_grey_pnm(const unsigned char *data, size_t len);

#endif
