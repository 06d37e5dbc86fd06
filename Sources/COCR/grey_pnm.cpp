#include "grey_pnm.h"
#include <cstring>

namespace {

bool isSeparator(unsigned char c) { return c == ' ' || c == '\n'; }

// A positive decimal number of at most seven digits, no leading zero, then one separator.
bool readNumber(const unsigned char *data, size_t len, size_t &at, long &value) {
    size_t start = at;
    value = 0;
    while (at < len && data[at] >= '0' && data[at] <= '9' && at - start < 8) {
        value = value * 10 + (data[at] - '0');
        at++;
    }
    size_t digits = at - start;
    if (digits == 0 || digits > 7 || data[start] == '0') return false;
    if (at >= len || !isSeparator(data[at])) return false;
    at++;
    return true;
}

} // namespace

PIX *hookline_read_plain_grey_pnm(const unsigned char *data, size_t len) {
    if (data == nullptr || len < 3 || data[0] != 'P' || data[1] != '5' || !isSeparator(data[2])) return nullptr;
    size_t at = 3;
    long width = 0, height = 0, maxval = 0;
    if (!readNumber(data, len, at, width) || !readNumber(data, len, at, height) || !readNumber(data, len, at, maxval))
        return nullptr;
    // Only the bytes-are-pixels case: any other depth is scaled by Leptonica.
    if (maxval != 255) return nullptr;
    // Short data is Leptonica's failure to give, whatever it is.
    if ((unsigned long long)width * (unsigned long long)height > (unsigned long long)(len - at)) return nullptr;
    PIX *pix = pixCreate((l_int32)width, (l_int32)height, 8);
    if (pix == nullptr) return nullptr;
    l_uint32 *rows = pixGetData(pix);
    const l_int32 wpl = pixGetWpl(pix);
    const unsigned char *in = data + at;
    for (long y = 0; y < height; y++) {
        l_uint32 *line = rows + y * wpl;
        for (long x = 0; x < width; x++) SET_DATA_BYTE(line, x, in[x]);
        in += width;
    }
    pixSetInputFormat(pix, IFF_PNM);
    return pix;
}
