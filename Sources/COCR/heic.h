#ifndef HOOKLINE_HEIC_H
#define HOOKLINE_HEIC_H
/* Private to the shim (not in include/, so Swift never sees it): HEIC/HEIF through libheif,
 * which Leptonica cannot read. iPhones save photos and screenshots as HEIC, so a lure
 * "photographed" on one arrives in this format. */
#include <leptonica/allheaders.h>
#include <stddef.h>

/* True when the bytes start with an ISO-BMFF "ftyp" box naming a HEIF brand. */
bool hookline_heic_sniff(const unsigned char *data, size_t len);

/* Parses the file's boxes (no pixel is decoded) for the primary image's size, after
 * rotation. Returns HOOKLINE_OCR_OK, HOOKLINE_OCR_DECODE_FAILED or HOOKLINE_OCR_UNSUPPORTED
 * (a codec this libheif cannot decode, e.g. AV1 without a plugin). */
int hookline_heic_probe(const unsigned char *data, size_t len, int *width, int *height);

/* Decodes the primary image to 8-bit grey, refusing more than `max_pixels` from the
 * boxes before any pixel is decoded. NULL on failure with `*status` saying why. */
PIX *hookline_heic_decode(const unsigned char *data, size_t len, long max_pixels, int *status);

#endif
