// Preloaded into `hookline run` by scripts/vectorscan-cost.sh record: writes the stream
// database's compile input and every Vectorscan call with its bytes, so the database's cost
// per message (and any subset's) can be measured again away from the daemon (replay.c).
//
// With VSCOST_DIR set (nothing is written without it):
//   specs-PID-N-modeM.bin  one hs_compile_multi call: u32 count, u32 mode, then per
//                          expression u32 id, u32 flags, u32 length, the bytes
//   calls-PID.bin          records: char kind, u64 stream number (or database address for
//                          'B'), u32 length, the bytes. 'O' open, 'S' scan, 'R' reset with
//                          matches, 'r' reset without, 'C' close, 'B' block-mode hs_scan
// The pattern compile runs in a child process (/proc/self/exe), which inherits the preload.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <hs/hs.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *calls;
static int compiles;

// Streams are numbered in the order they are first seen; a closed stream's number is
// retired, so a later stream at the same address is a new one.
#define MAX_STREAMS 4096
static hs_stream_t *streams[MAX_STREAMS];
static uint32_t streamCount;
static const uint32_t noStream = 0xffffffff;

static FILE *callsFile(void) {
    if (!calls) {
        const char *dir = getenv("VSCOST_DIR");
        if (!dir) return NULL;
        char path[4096];
        snprintf(path, sizeof path, "%s/calls-%d.bin", dir, (int)getpid());
        calls = fopen(path, "wb");
        if (!calls) perror(path);
    }
    return calls;
}

static uint32_t streamNumber(hs_stream_t *s, int add) {
    for (uint32_t i = 0; i < streamCount; i++)
        if (streams[i] == s) return i;
    if (!add || streamCount >= MAX_STREAMS) return noStream;
    streams[streamCount] = s;
    return streamCount++;
}

static void record(char kind, uint64_t what, uint32_t length, const char *data) {
    FILE *f = callsFile();
    if (!f) return;
    fputc(kind, f);
    fwrite(&what, 8, 1, f);
    fwrite(&length, 4, 1, f);
    if (data && length) fwrite(data, 1, length, f);
    fflush(f);
}

static void *real(const char *name) {
    void *f = dlsym(RTLD_NEXT, name);
    if (!f) {
        fprintf(stderr, "vectorscan-cost: %s not found\n", name);
        abort();
    }
    return f;
}

hs_error_t hs_compile_multi(const char *const *expressions, const unsigned int *flags, const unsigned int *ids,
                            unsigned int elements, unsigned int mode, const hs_platform_info_t *platform,
                            hs_database_t **db, hs_compile_error_t **error) {
    hs_error_t (*next)(const char *const *, const unsigned int *, const unsigned int *, unsigned int, unsigned int,
                       const hs_platform_info_t *, hs_database_t **, hs_compile_error_t **) =
        real("hs_compile_multi");
    const char *dir = getenv("VSCOST_DIR");
    if (dir && expressions && flags && ids) {
        pthread_mutex_lock(&lock);
        char path[4096];
        snprintf(path, sizeof path, "%s/specs-%d-%d-mode%u.bin", dir, (int)getpid(), compiles++, mode);
        FILE *f = fopen(path, "wb");
        if (f) {
            fwrite(&elements, 4, 1, f);
            fwrite(&mode, 4, 1, f);
            for (unsigned i = 0; i < elements; i++) {
                uint32_t length = (uint32_t)strlen(expressions[i]);
                fwrite(&ids[i], 4, 1, f);
                fwrite(&flags[i], 4, 1, f);
                fwrite(&length, 4, 1, f);
                fwrite(expressions[i], 1, length, f);
            }
            fclose(f);
        } else {
            perror(path);
        }
        pthread_mutex_unlock(&lock);
    }
    return next(expressions, flags, ids, elements, mode, platform, db, error);
}

hs_error_t hs_open_stream(const hs_database_t *db, unsigned int flags, hs_stream_t **stream) {
    hs_error_t (*next)(const hs_database_t *, unsigned int, hs_stream_t **) = real("hs_open_stream");
    hs_error_t r = next(db, flags, stream);
    pthread_mutex_lock(&lock);
    if (r == HS_SUCCESS) record('O', streamNumber(*stream, 1), 0, NULL);
    pthread_mutex_unlock(&lock);
    return r;
}

hs_error_t hs_scan_stream(hs_stream_t *id, const char *data, unsigned int length, unsigned int flags,
                          hs_scratch_t *scratch, match_event_handler onEvent, void *context) {
    hs_error_t (*next)(hs_stream_t *, const char *, unsigned int, unsigned int, hs_scratch_t *, match_event_handler,
                       void *) = real("hs_scan_stream");
    pthread_mutex_lock(&lock);
    record('S', streamNumber(id, 1), length, data);
    pthread_mutex_unlock(&lock);
    return next(id, data, length, flags, scratch, onEvent, context);
}

hs_error_t hs_reset_stream(hs_stream_t *id, unsigned int flags, hs_scratch_t *scratch, match_event_handler onEvent,
                           void *context) {
    hs_error_t (*next)(hs_stream_t *, unsigned int, hs_scratch_t *, match_event_handler, void *) =
        real("hs_reset_stream");
    pthread_mutex_lock(&lock);
    record(scratch ? 'R' : 'r', streamNumber(id, 1), 0, NULL);
    pthread_mutex_unlock(&lock);
    return next(id, flags, scratch, onEvent, context);
}

hs_error_t hs_close_stream(hs_stream_t *id, hs_scratch_t *scratch, match_event_handler onEvent, void *context) {
    hs_error_t (*next)(hs_stream_t *, hs_scratch_t *, match_event_handler, void *) = real("hs_close_stream");
    pthread_mutex_lock(&lock);
    uint32_t n = streamNumber(id, 0);
    record('C', n, 0, NULL);
    if (n != noStream) streams[n] = NULL;
    pthread_mutex_unlock(&lock);
    return next(id, scratch, onEvent, context);
}

hs_error_t hs_scan(const hs_database_t *db, const char *data, unsigned int length, unsigned int flags,
                   hs_scratch_t *scratch, match_event_handler onEvent, void *context) {
    hs_error_t (*next)(const hs_database_t *, const char *, unsigned int, unsigned int, hs_scratch_t *,
                       match_event_handler, void *) = real("hs_scan");
    pthread_mutex_lock(&lock);
    record('B', (uint64_t)(uintptr_t)db, length, data);
    pthread_mutex_unlock(&lock);
    return next(db, data, length, flags, scratch, onEvent, context);
}
