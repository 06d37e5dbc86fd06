#ifndef HOOKLINE_OCR_H
#define HOOKLINE_OCR_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif

/* A thin C face over Leptonica and libheif (image decoding) and Tesseract (OCR), so Swift never sees
 * C++, its exceptions or Leptonica's PIX. Every buffer belongs to the caller; the only
 * object that outlives a call is the engine handle from hookline_ocr_open. */

enum {
    HOOKLINE_OCR_OK = 0,
    /* Leptonica could not read the header or the pixels (truncated, corrupt, zero frames). */
    HOOKLINE_OCR_DECODE_FAILED = 1,
    /* The format is not one we read (PNM, JPEG 2000, Leptonica's own spix, PDF, PS...). */
    HOOKLINE_OCR_UNSUPPORTED = 2,
    /* Width × height over the caller's ceiling, checked from the header before decoding. */
    HOOKLINE_OCR_TOO_MANY_PIXELS = 3,
    /* Tesseract's deadline passed; the text recognised so far is returned. */
    HOOKLINE_OCR_TIMEOUT = 4,
    /* Tesseract failed (no language data, internal error). */
    HOOKLINE_OCR_FAILED = 5
};

/* Image formats as the probe reports them. */
enum {
    HOOKLINE_IMAGE_UNKNOWN = 0,
    HOOKLINE_IMAGE_PNG = 1,
    HOOKLINE_IMAGE_JPEG = 2,
    HOOKLINE_IMAGE_GIF = 3,
    HOOKLINE_IMAGE_TIFF = 4,
    HOOKLINE_IMAGE_WEBP = 5,
    HOOKLINE_IMAGE_BMP = 6,
    /* HEIC/HEIF, through libheif rather than Leptonica. */
    HOOKLINE_IMAGE_HEIC = 7,
    /* Netpbm (P4 bitmap, P5 grey, P6 colour): what a PDF's raw Flate image becomes. */
    HOOKLINE_IMAGE_PNM = 8
};

/* Silences Leptonica's stderr chatter and pins OpenMP to one thread per caller; idempotent. */
void hookline_ocr_init(void);

/* Reads only the header of `len` bytes: format and dimensions. Returns HOOKLINE_OCR_OK,
 * HOOKLINE_OCR_DECODE_FAILED or HOOKLINE_OCR_UNSUPPORTED. */
int hookline_ocr_probe(const unsigned char *data, size_t len, int *format, int *width, int *height);

/* A Tesseract engine for `languages` ("eng+fra"), or NULL when its data cannot be loaded.
 * One engine serves one thread at a time. */
void *hookline_ocr_open(const char *languages);
void hookline_ocr_close(void *engine);

/* Decodes the image (refusing more than `max_pixels` before decoding) and recognises its
 * text within `deadline_ms`. Writes at most `cap - 1` bytes of UTF-8 and a NUL into `out`,
 * the length into `out_len`. Returns one of HOOKLINE_OCR_*. Never throws. */
int hookline_ocr_read(void *engine, const unsigned char *data, size_t len, long max_pixels,
                      int deadline_ms, char *out, size_t cap, size_t *out_len);

int hookline_ocr_version(void);

/* For the tests: 0 when the plain grey PNM fast path declines these bytes (pixReadMem reads
 * them), 1 when it reads them into the PIX pixReadMem gives, -1 when the two differ. */
int hookline_ocr_check_plain_grey_pnm(const unsigned char *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif
