#include "heic.h"
#include "hookline_ocr.h"
#include <libheif/heif.h>
#include <cstring>
#include <mutex>

namespace {

std::once_flag heifOnce;

// Reference-counted in libheif; taken once for the life of the process (plugins load here).
void heifInit() {
    std::call_once(heifOnce, [] { heif_init(nullptr); });
}

int statusOf(const heif_error &e) {
    // A side past libheif's ceiling (set below) is a bomb like an area past ours.
    if (e.subcode == heif_suberror_Security_limit_exceeded) return HOOKLINE_OCR_TOO_MANY_PIXELS;
    switch (e.code) {
    case heif_error_Ok: return HOOKLINE_OCR_OK;
    case heif_error_Unsupported_filetype:
    case heif_error_Unsupported_feature: return HOOKLINE_OCR_UNSUPPORTED;
    default: return HOOKLINE_OCR_DECODE_FAILED;
    }
}

// The context and the primary image's handle of one buffer, released together. The buffer
// is not copied: it outlives this object in every caller.
struct Opened {
    heif_context *ctx = nullptr;
    heif_image_handle *handle = nullptr;
    int status = HOOKLINE_OCR_DECODE_FAILED;

    Opened(const unsigned char *data, size_t len) {
        heifInit();
        if (len > 0x7fffffff) return;
        ctx = heif_context_alloc();
        if (ctx == nullptr) return;
        // libheif's own ceiling on a side (ispe, grids), beside ours on the area.
        heif_context_set_maximum_image_size_limit(ctx, 65535);
        // Tiles of a grid image on this thread: OCR workers are one core each.
        heif_context_set_max_decoding_threads(ctx, 0);
        heif_error e = heif_context_read_from_memory_without_copy(ctx, data, len, nullptr);
        if (e.code != heif_error_Ok) { status = statusOf(e); return; }
        e = heif_context_get_primary_image_handle(ctx, &handle);
        if (e.code != heif_error_Ok || handle == nullptr) { status = statusOf(e); handle = nullptr; return; }
        status = HOOKLINE_OCR_OK;
    }
    ~Opened() {
        if (handle != nullptr) heif_image_handle_release(handle);
        if (ctx != nullptr) heif_context_free(ctx);
    }
    Opened(const Opened &) = delete;
    Opened &operator=(const Opened &) = delete;
};

// The decoded picture as an 8-bit grey PIX: its luma plane, or the luma of interleaved RGB.
PIX *toGrey(const heif_image *image, long maxPixels) {
    const bool rgb = heif_image_get_colorspace(image) == heif_colorspace_RGB;
    const heif_channel channel = rgb ? heif_channel_interleaved : heif_channel_Y;
    int stride = 0;
    const uint8_t *plane = heif_image_get_plane_readonly(image, channel, &stride);
    const int w = heif_image_get_width(image, channel), h = heif_image_get_height(image, channel);
    const int step = rgb ? 3 : 1;
    if (plane == nullptr || w <= 0 || h <= 0 || (long long)w * h > maxPixels || stride < w * step ||
        heif_image_get_bits_per_pixel_range(image, channel) != 8)
        return nullptr;
    PIX *pix = pixCreate(w, h, 8);
    if (pix == nullptr) return nullptr;
    l_uint32 *rows = pixGetData(pix);
    const l_int32 wpl = pixGetWpl(pix);
    for (int y = 0; y < h; y++) {
        l_uint32 *row = rows + (size_t)y * wpl;
        const uint8_t *src = plane + (size_t)y * stride;
        for (int x = 0; x < w; x++) {
            const uint8_t *p = src + (size_t)x * step;
            SET_DATA_BYTE(row, x, rgb ? (p[0] * 77 + p[1] * 150 + p[2] * 29) >> 8 : p[0]);
        }
    }
    return pix;
}

} // namespace

bool hookline_heic_sniff(const unsigned char *data, size_t len) {
    if (data == nullptr || len < 12 || std::memcmp(data + 4, "ftyp", 4) != 0) return false;
    static const char *brands[] = {"heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif"};
    for (const char *b : brands)
        if (std::memcmp(data + 8, b, 4) == 0) return true;
    return false;
}

int hookline_heic_probe(const unsigned char *data, size_t len, int *width, int *height) {
    try {
        Opened o(data, len);
        if (o.status != HOOKLINE_OCR_OK) return o.status;
        int w = heif_image_handle_get_width(o.handle), h = heif_image_handle_get_height(o.handle);
        if (w <= 0 || h <= 0) return HOOKLINE_OCR_DECODE_FAILED;
        *width = w;
        *height = h;
        return HOOKLINE_OCR_OK;
    } catch (...) {
        return HOOKLINE_OCR_DECODE_FAILED;
    }
}

PIX *hookline_heic_decode(const unsigned char *data, size_t len, long max_pixels, int *status) {
    *status = HOOKLINE_OCR_DECODE_FAILED;
    try {
        Opened o(data, len);
        if (o.status != HOOKLINE_OCR_OK) { *status = o.status; return nullptr; }
        // The declared size, before a single pixel is decoded: a "100000 × 100000" photo stops here.
        long long w = heif_image_handle_get_width(o.handle), h = heif_image_handle_get_height(o.handle);
        if (w <= 0 || h <= 0) return nullptr;
        if (w * h > max_pixels) { *status = HOOKLINE_OCR_TOO_MANY_PIXELS; return nullptr; }
        heif_decoding_options *options = heif_decoding_options_alloc();
        if (options == nullptr) return nullptr;
        options->convert_hdr_to_8bit = 1;
        heif_image *image = nullptr;
        // As coded: HEVC pictures are YCbCr, whose luma plane is the grey OCR reads, without
        // a chroma conversion (libheif has none from 4:2:0 straight to monochrome).
        heif_error e = heif_decode_image(o.handle, &image, heif_colorspace_undefined, heif_chroma_undefined, options);
        if (e.code == heif_error_Ok && image != nullptr && heif_image_get_colorspace(image) == heif_colorspace_RGB) {
            // An RGB-coded picture (AV1 or HEVC with the identity matrix): interleaved RGB instead.
            heif_image_release(image);
            image = nullptr;
            e = heif_decode_image(o.handle, &image, heif_colorspace_RGB, heif_chroma_interleaved_RGB, options);
        }
        heif_decoding_options_free(options);
        if (e.code != heif_error_Ok || image == nullptr) {
            if (image != nullptr) heif_image_release(image);
            *status = statusOf(e) == HOOKLINE_OCR_OK ? HOOKLINE_OCR_DECODE_FAILED : statusOf(e);
            return nullptr;
        }
        PIX *pix = toGrey(image, max_pixels);
        if (pix != nullptr) *status = HOOKLINE_OCR_OK;
        heif_image_release(image);
        return pix;
    } catch (...) {
        *status = HOOKLINE_OCR_DECODE_FAILED;
        return nullptr;
    }
}
