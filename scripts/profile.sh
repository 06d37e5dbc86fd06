#!/usr/bin/env bash
# Instruction profile of `hookline scan` (not part of the tests): callgrind over a
# fixed sample of the corpus, and the per-stage table of docs/PERFORMANCE.md.
#
#   scripts/profile.sh [N]        N messages (default 60, at most 400): N/2 evenly
#                                 spaced (sorted names) from synthetic/{toad,ham},
#                                 N/2 from real/{ham,phishing_pot}
#
# Builds a release binary with debug info into .build-prof (set HOOKLINE_BIN to
# skip), runs callgrind three times -- over an empty directory (process start +
# config load), over the sample, and over the sample twice -- and prints per stage
# the first pass (sample - empty) and the steady state (twice - once)
# (scripts/callgrind-stages.py), the top functions by charged cost
# (demangled), and idle memory (VmRSS, VmHWM and the largest mappings of
# `hookline run` with the config loaded, compared with `hookline --help`).
# Environment: SHARED (default ../shared relative to the checkout), OUT (default
# a temp dir; the callgrind files stay there for callgrind_annotate / kcachegrind),
# REUSE=1 (with OUT: keep the callgrind files already there, redo the tables and memory).
# Instruction counts repeat from run to run, unlike times on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-60}
case $N in *[!0-9]*|'') echo "usage: scripts/profile.sh [N]" >&2; exit 2 ;; esac
[ "$N" -ge 2 ] && [ "$N" -le 400 ] || { echo "profile: N must be 2..400" >&2; exit 2; }
SHARED=${SHARED:-$(cd .. && pwd)/shared}
[ -d "$SHARED/corpus" ] || { echo "profile: $SHARED/corpus not found (set SHARED=)" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "profile: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
if [ -n "${HOOKLINE_BIN:-}" ]; then
    HL=$(cd "$(dirname "$HOOKLINE_BIN")" && pwd)/$(basename "$HOOKLINE_BIN")
else
    scripts/install-deps.sh
    # valgrind 3.19 (Debian 12) cannot read DWARF 5, the default: ask for DWARF 4.
    swift build -c release -Xswiftc -g -Xswiftc -dwarf-version=4 -Xcc -gdwarf-4 --product hookline --build-path .build-prof >/dev/null
    swift build -c release -Xswiftc -g -Xswiftc -dwarf-version=4 -Xcc -gdwarf-4 --product hookline-ocr --build-path .build-prof >/dev/null
    HL=$(pwd)/.build-prof/release/hookline
fi
OUT=${OUT:-$(mktemp -d -t hookline-profile.XXXXXX)}
mkdir -p "$OUT/sample" "$OUT/empty"
rm -f "$OUT"/sample/*.eml
# hookline re-executes itself once to set OMP_THREAD_LIMIT (see README): set it so valgrind
# follows one process.
export OMP_THREAD_LIMIT=1
# Swift seeds its hashing per process; with a random seed, Set and Dictionary orders (and
# the work that follows them) vary between runs, and so did the counts by a few percent.
export SWIFT_DETERMINISTIC_HASHING=1

pick() { # count dir... : evenly spaced picks from the sorted .eml files under the dirs
    local k=$1; shift
    find "$@" -iname '*.eml' | LC_ALL=C sort | awk -v k="$k" '{ f[NR] = $0 } END {
        for (i = 0; i < k && i < NR; i++) print f[int(i * NR / k) + 1] }'
}
{ pick $((N / 2)) "$SHARED/corpus/synthetic"; pick $((N - N / 2)) "$SHARED/corpus/real/ham" "$SHARED/corpus/real/phishing_pot"; } > "$OUT/sample.txt"
i=0
while read -r f; do
    i=$((i + 1))
    rel=${f#"$SHARED"/corpus/}
    cp "$f" "$OUT/sample/$(printf '%03d' "$i")-$(echo "$rel" | tr / _)"
done < "$OUT/sample.txt"
BYTES=$(cat "$OUT"/sample/*.eml | wc -c)
echo "sample: $i messages, $BYTES bytes (list in $OUT/sample.txt)"

# scan loads compiled patterns from its cache: a private one, warmed here, so all three
# runs load the same database instead of compiling it (16.5 G instructions); the compile
# itself is in docs/PERFORMANCE.md. Warmed under valgrind (its fastest tool), since the
# CPU valgrind presents to Vectorscan is not the host's and a database is per CPU.
export HOOKLINE_CACHE_DIR=$OUT/cache
# The shipped config with its wall-clock limits lifted: under valgrind, on a loaded machine, a
# large message could reach the 2 s scan limit (or OCR its own) in one run and not the next,
# and the counts stopped repeating. One message at a time (--jobs 1), as the daemon's thread
# runs one.
rm -rf "$OUT/config"; cp -r Config "$OUT/config"; chmod -R go-w "$OUT/config"
sed -i -E 's/^(  max_scan_millis:) [0-9]+/\1 3600000/; s/^(  max_millis:) [0-9]+/\1 3600000/' "$OUT/config/hookline.yaml"
CFG="$OUT/config/hookline.yaml"
timeout 1800 valgrind --tool=none "$HL" scan --jobs 1 --config "$CFG" --json "$OUT/empty" > /dev/null 2>&1
VG=(timeout 1800 valgrind --tool=callgrind --dump-instr=no --collect-jumps=no)
if [ "${REUSE:-0}" = 1 ] && [ -s "$OUT/callgrind.sample" ] && [ -s "$OUT/callgrind.empty" ] && [ -s "$OUT/callgrind.twice" ]; then
    echo "(REUSE=1: the callgrind files already in $OUT)"
else
    "${VG[@]}" --callgrind-out-file="$OUT/callgrind.empty" "$HL" scan --jobs 1 --config "$CFG" --json "$OUT/empty" \
        > /dev/null 2> "$OUT/valgrind-empty.log"
    "${VG[@]}" --callgrind-out-file="$OUT/callgrind.sample" "$HL" scan --jobs 1 --config "$CFG" --json "$OUT/sample" \
        > "$OUT/scan.jsonl" 2> "$OUT/valgrind-sample.log"
    # The sample twice in one process: the second pass minus the first is the steady state,
    # without the one-time work a first message triggers (lazy tables, regex caches).
    "${VG[@]}" --callgrind-out-file="$OUT/callgrind.twice" "$HL" scan --jobs 1 --config "$CFG" --json "$OUT/sample" "$OUT/sample" \
        > /dev/null 2> "$OUT/valgrind-twice.log"
fi
echo "verdicts: $(python3 -c 'import json,sys,collections; print(dict(collections.Counter(json.loads(l).get("action","?") for l in open(sys.argv[1]))))' "$OUT/scan.jsonl")"
echo
echo "=== first pass over the sample (start + config load subtracted; includes one-time lazy initialisation)"
python3 scripts/callgrind-stages.py "$OUT/callgrind.sample" --baseline "$OUT/callgrind.empty" --messages "$i" --bytes "$BYTES"
echo
echo "=== steady state: second pass over the sample (the run over it twice minus the run over it once)"
python3 scripts/callgrind-stages.py "$OUT/callgrind.twice" --baseline "$OUT/callgrind.sample" --messages "$i" --bytes "$BYTES"

echo "(callgrind_annotate --inclusive=yes $OUT/callgrind.sample | swift demangle --simplified: the raw lists)"
echo
echo "idle memory (kB):"
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
# Vectorscan sizes, from an LD_PRELOAD shim around hs_compile_multi / hs_alloc_scratch / hs_open_stream.
cat > "$OUT/hsshim.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <hs/hs.h>
hs_error_t hs_compile_multi(const char *const *e, const unsigned *f, const unsigned *id, unsigned n, unsigned mode,
                            const hs_platform_info_t *p, hs_database_t **db, hs_compile_error_t **err) {
    hs_error_t (*real)(const char *const *, const unsigned *, const unsigned *, unsigned, unsigned,
                       const hs_platform_info_t *, hs_database_t **, hs_compile_error_t **) = dlsym(RTLD_NEXT, "hs_compile_multi");
    hs_error_t r = real(e, f, id, n, mode, p, db, err);
    size_t size = 0;
    if (r == HS_SUCCESS && hs_database_size(*db, &size) == HS_SUCCESS)
        fprintf(stderr, "hsshim: database %u patterns, mode %s: %zu bytes\n", n, (mode & HS_MODE_STREAM) ? "stream" : "block", size);
    if (r == HS_SUCCESS && (mode & HS_MODE_STREAM)) {
        size_t ss = 0;
        if (hs_stream_size(*db, &ss) == HS_SUCCESS) fprintf(stderr, "hsshim: stream state %zu bytes per open stream\n", ss);
    }
    return r;
}
hs_error_t hs_alloc_scratch(const hs_database_t *db, hs_scratch_t **s) {
    hs_error_t (*real)(const hs_database_t *, hs_scratch_t **) = dlsym(RTLD_NEXT, "hs_alloc_scratch");
    hs_error_t r = real(db, s);
    size_t size = 0;
    if (r == HS_SUCCESS && hs_scratch_size(*s, &size) == HS_SUCCESS) fprintf(stderr, "hsshim: scratch %zu bytes\n", size);
    return r;
}
C
if gcc -shared -fPIC -O1 -o "$OUT/hsshim.so" "$OUT/hsshim.c" -ldl 2>"$OUT/hsshim.err"; then
    HOOKLINE_CACHE_DIR= LD_PRELOAD=$OUT/hsshim.so "$HL" scan --config Config/hookline.yaml --json "$OUT/empty" 2>&1 | grep hsshim | sort | uniq -c | sed 's/^/  /' || true
fi
# libphonenumber on its own: RSS before and after PhoneNumberUtil::GetInstance() and one parse.
cat > "$OUT/pn.cc" <<'CC'
#include <phonenumbers/phonenumberutil.h>
#include <cstdio>
#include <cstring>
static long rss() { FILE *f = fopen("/proc/self/status", "r"); char l[256]; long v = -1;
    while (fgets(l, sizeof l, f)) if (!strncmp(l, "VmRSS:", 6)) v = atol(l + 6); fclose(f); return v; }
int main() {
    long a = rss();
    auto *u = i18n::phonenumbers::PhoneNumberUtil::GetInstance();
    i18n::phonenumbers::PhoneNumber n; u->Parse("+1 415 555 0100", "US", &n); u->IsValidNumber(n);
    printf("  libphonenumber: VmRSS %ld kB before GetInstance(), %ld kB after (+%ld kB of metadata and ICU/protobuf)\n", a, rss(), rss() - a);
}
CC
g++ -std=c++17 -O1 -o "$OUT/pn" "$OUT/pn.cc" -lphonenumber 2>"$OUT/pn.err" && "$OUT/pn" || echo "  (libphonenumber probe did not build: $OUT/pn.err)"
idle() { # config label: start `hookline run` on a unix socket, print its memory once idle
    local sock=$OUT/idle.sock; rm -f "$sock"
    "$HL" run --config "$1" --listen "unix:$sock" > "$OUT/run.log" 2>&1 & local pid=$!
    for _ in $(seq 1 150); do [ -S "$sock" ] && break; sleep 0.1; done
    sleep 1
    echo "  hookline run, $2: VmRSS $(status_kb $pid VmRSS)  VmHWM $(status_kb $pid VmHWM)  RssAnon $(status_kb $pid RssAnon)  RssFile $(status_kb $pid RssFile)"
    if [ "${3:-}" = maps ]; then
        echo "    largest mappings by Rss (kB):"
        awk '/^[0-9a-f]+-[0-9a-f]+ / { name = ($6 == "" ? "[anon]" : $6) } /^Rss:/ { rss[name] += $2 } END {
            for (n in rss) if (rss[n] >= 256) printf "    %8d  %s\n", rss[n], n }' "/proc/$pid/smaps" | sort -rn | head -16
    fi
    kill "$pid"; wait "$pid" 2>/dev/null || true
}
idle Config/hookline.yaml "shipped config and rules" maps
# The same config without rule files: what the binary, its libraries and an empty engine cost.
mkdir -p "$OUT/norules"
# (and no OCR trigger lexicon, which names a lexicon of the rule files)
sed -e '/^rules:/,/^[a-z]/{/^rules:/c\
rules: []
/^  - /d}' -e 's/^  trigger_lexicon: .*/  trigger_lexicon: null/' Config/hookline.yaml > "$OUT/norules/hookline.yaml"
chmod 600 "$OUT/norules/hookline.yaml"
idle "$OUT/norules/hookline.yaml" "same config, no rule files" maps
echo "  (callgrind files, sample and logs in $OUT)"
