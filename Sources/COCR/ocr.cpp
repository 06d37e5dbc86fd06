#include "hookline_ocr.h"
#include "heic.h"
#include "grey_pnm.h"
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <leptonica/allheaders.h>
#include <chrono>
#include <cstring>
#include <mutex>
#include <string>

// libgomp is linked by Debian's Tesseract; declared here so no omp.h is needed.
extern "C" void omp_set_num_threads(int);
extern "C" void omp_set_dynamic(int);

namespace {

std::once_flag initOnce;

int mapFormat(l_int32 f) {
    switch (f) {
    case IFF_PNG: return HOOKLINE_IMAGE_PNG;
    case IFF_JFIF_JPEG: return HOOKLINE_IMAGE_JPEG;
    case IFF_GIF: return HOOKLINE_IMAGE_GIF;
    case IFF_TIFF: case IFF_TIFF_PACKBITS: case IFF_TIFF_RLE: case IFF_TIFF_G3: case IFF_TIFF_G4:
    case IFF_TIFF_LZW: case IFF_TIFF_ZIP: case IFF_TIFF_JPEG: return HOOKLINE_IMAGE_TIFF;
    case IFF_WEBP: return HOOKLINE_IMAGE_WEBP;
    case IFF_BMP: return HOOKLINE_IMAGE_BMP;
    case IFF_PNM: return HOOKLINE_IMAGE_PNM;
    default: return HOOKLINE_IMAGE_UNKNOWN;
    }
}

// The cancel callback: Tesseract calls it between words; past the deadline it stops.
struct Deadline {
    std::chrono::steady_clock::time_point end;
    bool hit = false;
};

bool cancelPastDeadline(void *data, int) {
    auto *d = static_cast<Deadline *>(data);
    if (std::chrono::steady_clock::now() >= d->end) d->hit = true;
    return d->hit;
}

// Grey, opaque, 8 bits: a transparent PNG whose text is drawn on alpha 0 would otherwise
// come out as black on black.
PIX *normalise(PIX *pix) {
    PIX *flat = nullptr;
    if (pixGetDepth(pix) == 32 && pixGetSpp(pix) == 4) flat = pixAlphaBlendUniform(pix, 0xffffff00);
    PIX *grey = pixConvertTo8(flat != nullptr ? flat : pix, 0);
    if (flat != nullptr) pixDestroy(&flat);
    return grey;
}

} // namespace

extern "C" void hookline_ocr_init(void) {
    std::call_once(initOnce, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

extern "C" int hookline_ocr_probe(const unsigned char *data, size_t len, int *format, int *width, int *height) {
    hookline_ocr_init();
    if (data == nullptr || len < 8 || format == nullptr || width == nullptr || height == nullptr)
        return HOOKLINE_OCR_DECODE_FAILED;
    if (hookline_heic_sniff(data, len)) {
        *format = HOOKLINE_IMAGE_HEIC;
        return hookline_heic_probe(data, len, width, height);
    }
    l_int32 f = 0;
    if (findFileFormatBuffer(data, &f) != 0) return HOOKLINE_OCR_DECODE_FAILED;
    *format = mapFormat(f);
    if (*format == HOOKLINE_IMAGE_UNKNOWN) return HOOKLINE_OCR_UNSUPPORTED;
    l_int32 w = 0, h = 0, bps = 0, spp = 0, cmap = 0, f2 = 0;
    if (pixReadHeaderMem(data, len, &f2, &w, &h, &bps, &spp, &cmap) != 0 || w <= 0 || h <= 0)
        return HOOKLINE_OCR_DECODE_FAILED;
    *width = w;
    *height = h;
    return HOOKLINE_OCR_OK;
}

extern "C" void *hookline_ocr_open(const char *languages) {
    hookline_ocr_init();
    try {
        auto *api = new tesseract::TessBaseAPI();
        // Warnings ("Invalid resolution 0 dpi") go nowhere instead of the daemon's stderr.
        api->SetVariable("debug_file", "/dev/null");
        if (api->Init(nullptr, languages != nullptr ? languages : "eng", tesseract::OEM_LSTM_ONLY) != 0) {
            delete api;
            return nullptr;
        }
        api->SetPageSegMode(tesseract::PSM_AUTO);
        return api;
    } catch (...) {
        return nullptr;
    }
}

extern "C" void hookline_ocr_close(void *engine) {
    if (engine == nullptr) return;
    auto *api = static_cast<tesseract::TessBaseAPI *>(engine);
    try {
        api->End();
    } catch (...) {
    }
    delete api;
}

extern "C" int hookline_ocr_read(void *engine, const unsigned char *data, size_t len, long max_pixels,
                                 int deadline_ms, char *out, size_t cap, size_t *out_len) {
    if (out_len != nullptr) *out_len = 0;
    if (out != nullptr && cap > 0) out[0] = '\0';
    if (engine == nullptr || out == nullptr || cap == 0 || out_len == nullptr) return HOOKLINE_OCR_FAILED;
    int format = 0, w = 0, h = 0;
    int probed = hookline_ocr_probe(data, len, &format, &w, &h);
    if (probed != HOOKLINE_OCR_OK) return probed;
    if ((long long)w * (long long)h > (long long)max_pixels) return HOOKLINE_OCR_TOO_MANY_PIXELS;
    // OpenMP inside Tesseract would otherwise fan out over every core from this one caller.
    omp_set_dynamic(0);
    omp_set_num_threads(1);
    auto *api = static_cast<tesseract::TessBaseAPI *>(engine);
    int decoded = HOOKLINE_OCR_DECODE_FAILED;
    PIX *pix = nullptr;
    if (format == HOOKLINE_IMAGE_HEIC) pix = hookline_heic_decode(data, len, max_pixels, &decoded);
    else {
        if (format == HOOKLINE_IMAGE_PNM) pix = hookline_read_plain_grey_pnm(data, len);
        if (pix == nullptr) pix = pixReadMem(data, len);
    }
    if (pix == nullptr) return format == HOOKLINE_IMAGE_HEIC ? decoded : HOOKLINE_OCR_DECODE_FAILED;
    // The header may lie: check what was actually decoded as well.
    if ((long long)pixGetWidth(pix) * (long long)pixGetHeight(pix) > (long long)max_pixels) {
        pixDestroy(&pix);
        return HOOKLINE_OCR_TOO_MANY_PIXELS;
    }
    PIX *grey = normalise(pix);
    pixDestroy(&pix);
    if (grey == nullptr) return HOOKLINE_OCR_DECODE_FAILED;
    int status = HOOKLINE_OCR_OK;
    try {
        api->SetImage(grey);
        // Mail images carry no useful resolution; 0 dpi makes Tesseract guess and warn.
        if (pixGetXRes(grey) < 70) api->SetSourceResolution(96);
        Deadline deadline;
        deadline.end = std::chrono::steady_clock::now() + std::chrono::milliseconds(deadline_ms > 0 ? deadline_ms : 1);
        tesseract::ETEXT_DESC monitor;
        monitor.cancel = cancelPastDeadline;
        monitor.cancel_this = &deadline;
        monitor.set_deadline_msecs(deadline_ms > 0 ? deadline_ms : 1);
        int rc = api->Recognize(&monitor);
        if (deadline.hit || monitor.deadline_exceeded()) status = HOOKLINE_OCR_TIMEOUT;
        else if (rc != 0) status = HOOKLINE_OCR_FAILED;
        // A failure before recognition started would make GetUTF8Text start again,
        // without a deadline: there is nothing worth reading then anyway.
        char *text = status == HOOKLINE_OCR_FAILED ? nullptr : api->GetUTF8Text();
        // Recognize marks recognition done before word recognition starts, so after a
        // deadline GetUTF8Text returns the words read so far instead of starting over.
        if (text != nullptr) {
            const size_t full = std::strlen(text);
            size_t n = full < cap - 1 ? full : cap - 1;
            // Do not cut a UTF-8 sequence in half.
            while (n > 0 && n < full && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) n--;
            std::memcpy(out, text, n);
            out[n] = '\0';
            *out_len = n;
            delete[] text;
        }
        api->Clear();
    } catch (...) {
        status = HOOKLINE_OCR_FAILED;
    }
    pixDestroy(&grey);
    return status;
}

extern "C" int hookline_ocr_version(void) { return 1; }

extern "C" int hookline_ocr_check_plain_grey_pnm(const unsigned char *data, size_t len) {
    hookline_ocr_init();
    PIX *fast = hookline_read_plain_grey_pnm(data, len);
    if (fast == nullptr) return 0;
    PIX *slow = pixReadMem(data, len);
    l_int32 same = 0;
    bool equal = slow != nullptr && pixEqual(fast, slow, &same) == 0 && same == 1 &&
                 pixGetDepth(fast) == pixGetDepth(slow) && pixGetSpp(fast) == pixGetSpp(slow) &&
                 pixGetXRes(fast) == pixGetXRes(slow) && pixGetYRes(fast) == pixGetYRes(slow) &&
                 pixGetInputFormat(fast) == pixGetInputFormat(slow) && pixGetColormap(slow) == nullptr &&
                 pixGetWpl(fast) == pixGetWpl(slow);
    pixDestroy(&fast);
    if (slow != nullptr) pixDestroy(&slow);
    return equal ? 1 : -1;
}
