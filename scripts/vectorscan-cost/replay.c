// The other half of scripts/vectorscan-cost.sh: compiles the recorded stream database's
// expressions (all, or a list of them with their flags or text changed) and replays the
// recorded stream calls against it, so callgrind counts only Vectorscan's own work on the
// daemon's exact text and call pattern. Vectorscan has no per-pattern profile; comparing the
// cost of subsets is how to learn which patterns are expensive.
//
//   replay compile SPECS OUT.db [LIST]  LIST: one expression index a line (0-based, in SPECS'
//                                       order), optionally index<TAB>flags[<TAB>expression]
//   replay run DB CALLS                 replays; callgrind collects only the Vectorscan calls
//                                       (run it with --collect-atstart=no)
#include <hs/hs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/callgrind.h>

static void fail(const char *what) {
    fprintf(stderr, "replay: %s\n", what);
    exit(1);
}

static void *need(void *p) {
    if (!p) fail("out of memory");
    return p;
}

static char *slurp(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    if (fseek(f, 0, SEEK_END) != 0) fail("cannot seek");
    long size = ftell(f);
    if (size < 0) fail("cannot size");
    rewind(f);
    char *b = need(malloc((size_t)size + 1));
    if (fread(b, 1, (size_t)size, f) != (size_t)size) fail("short read");
    b[size] = 0;
    fclose(f);
    *n = (size_t)size;
    return b;
}

static uint32_t u32(const char *d, size_t n, size_t at) {
    uint32_t v;
    if (at + 4 > n) fail("truncated file");
    memcpy(&v, d + at, 4);
    return v;
}

typedef struct {
    unsigned id, flags;
    char *expression;
} Spec;

static Spec *readSpecs(const char *path, uint32_t *count, uint32_t *mode) {
    size_t n;
    char *d = slurp(path, &n);
    *count = u32(d, n, 0);
    *mode = u32(d, n, 4);
    Spec *s = need(calloc(*count ? *count : 1, sizeof *s));
    size_t at = 8;
    for (uint32_t k = 0; k < *count; k++) {
        s[k].id = u32(d, n, at);
        s[k].flags = u32(d, n, at + 4);
        uint32_t length = u32(d, n, at + 8);
        at += 12;
        if (at + length > n) fail("truncated specs");
        s[k].expression = need(strndup(d + at, length));
        at += length;
    }
    return s;
}

static int compile(const char *specsPath, const char *out, const char *listPath) {
    uint32_t count, mode;
    Spec *s = readSpecs(specsPath, &count, &mode);
    size_t room = count + 1;
    const char **expressions = need(calloc(room, sizeof *expressions));
    unsigned *flags = need(calloc(room, sizeof *flags)), *ids = need(calloc(room, sizeof *ids));
    unsigned n = 0;
    if (listPath) {
        FILE *f = fopen(listPath, "r");
        if (!f) {
            perror(listPath);
            return 1;
        }
        static char line[1 << 16];
        while (fgets(line, sizeof line, f)) {
            line[strcspn(line, "\n")] = 0;
            if (!*line) continue;
            long k = strtol(line, NULL, 10);
            if (k < 0 || (uint32_t)k >= count) fail("index out of range in the list");
            if (n >= count) {
                room *= 2;
                expressions = need(realloc(expressions, room * sizeof *expressions));
                flags = need(realloc(flags, room * sizeof *flags));
                ids = need(realloc(ids, room * sizeof *ids));
            }
            expressions[n] = s[k].expression;
            flags[n] = s[k].flags;
            ids[n] = s[k].id;
            char *tab = strchr(line, '\t');
            if (tab) {
                flags[n] = (unsigned)strtoul(tab + 1, NULL, 0);
                char *second = strchr(tab + 1, '\t');
                if (second) expressions[n] = need(strdup(second + 1));
            }
            n++;
        }
        fclose(f);
    } else {
        for (uint32_t k = 0; k < count; k++, n++) {
            expressions[n] = s[k].expression;
            flags[n] = s[k].flags;
            ids[n] = s[k].id;
        }
    }
    hs_database_t *db;
    hs_compile_error_t *error;
    if (hs_compile_multi(expressions, flags, ids, n, mode, NULL, &db, &error) != HS_SUCCESS) {
        fprintf(stderr, "replay: compile failed: %s (expression %d)\n", error->message, error->expression);
        return 1;
    }
    char *bytes;
    size_t length, streamSize = 0;
    if (hs_serialize_database(db, &bytes, &length) != HS_SUCCESS) fail("cannot serialize");
    FILE *f = fopen(out, "wb");
    if (!f || fwrite(bytes, 1, length, f) != length || fclose(f) != 0) fail("cannot write the database");
    hs_stream_size(db, &streamSize);
    fprintf(stderr, "%u expressions, database %zu bytes, stream state %zu bytes\n", n, length, streamSize);
    return 0;
}

static unsigned long long matchCount;
static int onMatch(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *context) {
    (void)id, (void)from, (void)to, (void)flags, (void)context;
    matchCount++;
    return 0;
}

enum { maxStreams = 4096 };

static int run(const char *dbPath, const char *callsPath) {
    size_t n, cn;
    char *bytes = slurp(dbPath, &n);
    hs_database_t *db;
    if (hs_deserialize_database(bytes, n, &db) != HS_SUCCESS) fail("cannot deserialize the database");
    hs_scratch_t *scratch = NULL;
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) fail("cannot allocate scratch");
    char *c = slurp(callsPath, &cn);
    static hs_stream_t *streams[maxStreams];
    unsigned long long scanned = 0, scans = 0, resets = 0;
    // Staged as the daemon stages text (ScanStaging): the bytes end on a 64-byte boundary
    // with readable bytes before them.
    static char stage[(1 << 18) + 256] __attribute__((aligned(64)));
    for (size_t i = 0; i < cn;) {
        if (i + 13 > cn) fail("truncated calls");
        char kind = c[i];
        uint64_t stream;
        memcpy(&stream, c + i + 1, 8);
        uint32_t length = u32(c, cn, i + 9);
        if (i + 13 + length > cn) fail("truncated calls");
        const char *data = c + i + 13;
        i += 13 + length;
        if (kind == 'B' || stream >= maxStreams) continue;
        if (!streams[stream] && (kind == 'O' || kind == 'S'))
            if (hs_open_stream(db, 0, &streams[stream]) != HS_SUCCESS) fail("cannot open a stream");
        switch (kind) {
        case 'S': {
            if (length > (1 << 18)) fail("a scan longer than the stage");
            size_t end = 64 + ((length + 63) / 64) * 64;
            memcpy(stage + end - length, data, length);
            CALLGRIND_TOGGLE_COLLECT;
            hs_scan_stream(streams[stream], stage + end - length, length, 0, scratch, onMatch, NULL);
            CALLGRIND_TOGGLE_COLLECT;
            scanned += length;
            scans++;
            break;
        }
        case 'R':
            if (!streams[stream]) break;
            CALLGRIND_TOGGLE_COLLECT;
            hs_reset_stream(streams[stream], 0, scratch, onMatch, NULL);
            CALLGRIND_TOGGLE_COLLECT;
            resets++;
            break;
        case 'r':
            if (streams[stream]) hs_reset_stream(streams[stream], 0, NULL, NULL, NULL);
            break;
        case 'C':
            if (streams[stream]) hs_close_stream(streams[stream], scratch, onMatch, NULL);
            streams[stream] = NULL;
            break;
        default: break;
        }
    }
    fprintf(stderr, "scans %llu resets %llu bytes %llu matches %llu\n", scans, resets, scanned, matchCount);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 4 && !strcmp(argv[1], "compile")) return compile(argv[2], argv[3], argc >= 5 ? argv[4] : NULL);
    if (argc == 4 && !strcmp(argv[1], "run")) return run(argv[2], argv[3]);
    fprintf(stderr, "usage: replay compile SPECS OUT.db [LIST] | replay run DB CALLS\n");
    return 2;
}
