#include <zlib.h>

/* inflateInit2 is a macro over inflateInit2_ that Swift cannot import. */
static inline int hookline_inflate_init(z_stream *strm) {
    /* 15 + 32: a zlib or gzip header, detected automatically (PDF FlateDecode is zlib). */
    return inflateInit2(strm, 15 + 32);
}
