#!/usr/bin/env bash
# libFuzzer harnesses for the message pipeline (Fuzz/Targets/*.swift). Not part of
# scripts/test.sh: run by hand, one fuzzer at a time.
#
#   scripts/fuzz.sh build                 build every harness into fuzz-out/bin
#   scripts/fuzz.sh seeds                 (re)derive seed inputs from ../shared/corpus
#   scripts/fuzz.sh TARGET|all [BUDGET]   build, make seeds if missing, and fuzz
#   scripts/fuzz.sh repro TARGET FILE...  run a harness once on saved inputs (crash files)
#
# TARGET: mime decoders analyzer scan config milter image.  BUDGET: "600s" = seconds per target
# (default 300s), a plain number = executions per target (e.g. 2000000).
#
# The library is built with `swift build -c release -Xswiftc -sanitize=fuzzer,address
# -Xswiftc -enable-testing` in its own scratch directory (.build-fuzz), then each harness
# is linked against those objects with swiftc. The normal build (.build) is untouched.
# Crashes, hangs (-timeout) and memory growth (-rss_limit_mb) land in
# fuzz-out/crashes/TARGET/; the growing corpus in fuzz-out/corpus/TARGET; a summary line
# per run in fuzz-out/runs.tsv.
#
# Environment: FUZZ_SRC (package to build, default this repository; a snapshot such as
# `git archive HEAD` unpacked elsewhere works too), FUZZ_OUT (default fuzz-out),
# FUZZ_CORPUS (default ../shared/corpus), FUZZ_ARGS (extra libFuzzer flags),
# FUZZ_SANITIZE (default fuzzer,address; "fuzzer" alone runs 3-6x more inputs a second and
# still catches every Swift trap, hang and memory blow-up, but not C-level memory errors;
# it builds into .build-fuzz-plain and links into $FUZZ_OUT/bin-plain).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
SRC=$(cd "${FUZZ_SRC:-$REPO}" && pwd)
OUT=${FUZZ_OUT:-$REPO/fuzz-out}
CORPUS=${FUZZ_CORPUS:-$REPO/../shared/corpus}
ALL_TARGETS=(mime decoders analyzer scan config milter image)
SANITIZE=${FUZZ_SANITIZE:-fuzzer,address}
if [ "$SANITIZE" = "fuzzer,address" ]; then SCRATCH=.build-fuzz; BIN=bin; else SCRATCH=.build-fuzz-plain; BIN=bin-plain; fi
export HOOKLINE_FUZZ_CONFIG=${HOOKLINE_FUZZ_CONFIG:-$SRC/Config/hookline.yaml}

usage() { sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

# Longest input libFuzzer makes per target. Seeds longer than this are cut (a cut
# message is still a message); short inputs keep executions in the millions.
max_len() {
    case "$1" in
        mime|scan) echo 8192 ;;
        image) echo 65536 ;;
        milter) echo 4096 ;;
        *) echo 4096 ;;
    esac
}

build() {
    "$REPO/scripts/install-deps.sh"
    local flags=(-c release --package-path "$SRC" --scratch-path "$SRC/$SCRATCH"
                 -Xswiftc -sanitize="$SANITIZE" -Xswiftc -enable-testing)
    echo "fuzz: building the library with -sanitize=$SANITIZE ($SRC/$SCRATCH)" >&2
    swift build "${flags[@]}" --target HooklineMilter
    swift build "${flags[@]}" --target HooklineOffline
    swift build "${flags[@]}" --target HooklineOCREngine
    local bin
    bin=$(swift build "${flags[@]}" --show-bin-path)
    # Everything HooklineMilter and HooklineOffline (and so the engine) depend on, whatever C modules the package has today:
    # the objects SwiftPM just built, the module maps of system-library and C targets
    # (and Yams' CYaml), and the libraries those module maps link.
    local objs=() xcc=() libs=(-lstdc++) o m l
    while IFS= read -r o; do objs+=("$o"); done < <(find "$bin" -path '*Tests*' -prune -o -path "$bin/*.build/*.o" -print | sort)
    while IFS= read -r m; do xcc+=(-Xcc -fmodule-map-file="$m"); done < <(
        find "$SRC/Sources" "$bin" -maxdepth 2 -name module.modulemap -not -path '*/include/*' | sort
        find "$SRC/$SCRATCH/checkouts" -path '*/CYaml/include/module.modulemap')
    while IFS= read -r l; do libs+=(-l"$l"); done < <(
        cat "$SRC"/Sources/*/module.modulemap | sed -n 's/^ *link "\(.*\)".*/\1/p' | sort -u)
    for m in "$SRC"/Sources/C*/include; do xcc+=(-Xcc -I"$m"); done
    local cflags
    read -r -a cflags <<< "$(pkg-config --cflags libhs)"
    for o in "${cflags[@]}"; do xcc+=(-Xcc "$o"); done
    mkdir -p "$OUT/$BIN"
    for t in "${ALL_TARGETS[@]}"; do
        echo "fuzz: linking $OUT/$BIN/$t" >&2
        swiftc -O -sanitize="$SANITIZE" -parse-as-library -module-name "Fuzz_$t" \
            -I "$bin/Modules" "${xcc[@]}" \
            "$REPO"/Fuzz/Support/*.swift "$REPO/Fuzz/Targets/$t.swift" \
            "${objs[@]}" "${libs[@]}" -lphonenumber -lprotobuf -ltesseract -llept -lheif -lgomp \
            -o "$OUT/$BIN/$t" 2>&1 | { grep -v "Cannot export local symbol '__asan" || true; }
        [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "fuzz: linking $t failed" >&2; exit 1; }
    done
}

seeds() {
    [ -d "$CORPUS" ] || { echo "fuzz: no corpus at $CORPUS (set FUZZ_CORPUS)" >&2; exit 1; }
    echo "fuzz: deriving seeds from $CORPUS into $OUT/seeds" >&2
    rm -rf "$OUT/seeds"
    python3 "$REPO/Fuzz/make_seeds.py" "$CORPUS" "$SRC" "$OUT/seeds"
    image_seeds
}

# The committed OCR fixtures, once per selector of the image harness (selector % 3 picks
# the stage; in the MIME stage 0x80 means base64 and 0x40 a PDF part): pictures as they
# are, PDFs as attachments whose image objects are collected.
image_seeds() {
    mkdir -p "$OUT/seeds/image"
    local f sel
    for f in "$REPO"/Tests/HooklineOCRTests/Fixtures/*.{png,jpg,gif,heic}; do
        [ -f "$f" ] || continue
        for sel in 00 01 82 02; do
            { printf "\\x$sel\\x00\\x07"; cat "$f"; } > "$OUT/seeds/image/$sel-$(basename "$f")"
        done
    done
    for f in "$REPO"/Tests/HooklineOCRTests/Fixtures/*.pdf; do
        [ -f "$f" ] || continue
        for sel in 43 c1; do
            { printf "\\x$sel\\x00\\x07"; cat "$f"; } > "$OUT/seeds/image/$sel-$(basename "$f")"
        done
    done
}

run() {
    local t=$1 budget=$2
    local limit
    case "$budget" in
        *s) limit=(-max_total_time="${budget%s}") ;;
        *)  limit=(-runs="$budget") ;;
    esac
    mkdir -p "$OUT/corpus/$t" "$OUT/crashes/$t" "$OUT/logs"
    local log="$OUT/logs/$t-$(date +%Y%m%d-%H%M%S).log"
    local dict=()
    case "$t" in
        mime|scan|milter) dict=(-dict="$REPO/Fuzz/Dictionaries/mime.dict") ;;
        config) dict=(-dict="$REPO/Fuzz/Dictionaries/config.dict") ;;
    esac
    echo "fuzz: $t for ${budget} (log $log)" >&2
    local rc=0
    # Hangs: -timeout per input; memory growth: -rss_limit_mb for the process and
    # -malloc_limit_mb for any single allocation. One process, one core.
    # SWIFT_BACKTRACE: let a trap abort straight into libFuzzer's handler.
    # LSAN_OPTIONS: see Fuzz/lsan.supp (the engine loaded once is not a leak).
    (cd "$OUT" && SWIFT_BACKTRACE=enable=no LSAN_OPTIONS="suppressions=$REPO/Fuzz/lsan.supp" "$OUT/$BIN/$t" "$OUT/corpus/$t" "$OUT/seeds/$t" \
        "${limit[@]}" "${dict[@]}" -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 \
        -artifact_prefix="$OUT/crashes/$t/" -print_final_stats=1 -reduce_inputs=1 \
        ${FUZZ_ARGS:-}) > "$log" 2>&1 || rc=$?
    local execs eps rss
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    eps=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    rss=$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    local last
    last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    printf '%s\t%s\t%s\texecs=%s\texec/s=%s\tpeak_rss_mb=%s\trc=%s\tsanitize=%s\t%s\n' \
        "$(date -u +%FT%TZ)" "$t" "$budget" "${execs:-?}" "${eps:-?}" "${rss:-?}" "$rc" "$SANITIZE" "$last" | tee -a "$OUT/runs.tsv"
    if [ "$rc" -ne 0 ]; then
        echo "fuzz: $t stopped with status $rc; see $log and $OUT/crashes/$t/" >&2
        grep -E 'ERROR|Fatal error|SUMMARY|artifact' "$log" | head -20 >&2 || true
        return "$rc"
    fi
}

cmd=${1:-all}
case "$cmd" in
    -h|--help|help) usage ;;
    build) build ;;
    seeds) seeds ;;
    repro)
        shift; t=${1:?target}; shift
        (cd "$OUT" && SWIFT_BACKTRACE=enable=no LSAN_OPTIONS="suppressions=$REPO/Fuzz/lsan.supp" "$OUT/$BIN/$t" "$@") ;;
    all|mime|decoders|analyzer|scan|config|milter|image)
        budget=${2:-300s}
        build
        [ -d "$OUT/seeds/milter" ] || seeds
        [ -d "$OUT/seeds/image" ] || image_seeds
        if [ "$cmd" = all ]; then targets=("${ALL_TARGETS[@]}"); else targets=("$cmd"); fi
        status=0
        for t in "${targets[@]}"; do run "$t" "$budget" || status=1; done
        exit "$status" ;;
    *) usage ;;
esac
