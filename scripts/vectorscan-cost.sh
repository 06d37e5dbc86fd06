#!/usr/bin/env bash
# Vectorscan's cost by pattern (not part of the tests): what the stream database costs a
# message on the daemon's own text and calls, and what any subset of its expressions, or a
# changed flag or expression, would cost on the same text. Vectorscan has no per-pattern
# profile; this is how docs/PERFORMANCE.md (stop 32) found which pattern groups cost most.
#
#   scripts/vectorscan-cost.sh record DIR [MAIL_DIR]
#       builds the recording shim and the replayer into DIR, runs `hookline run` on loopback
#       with the shim preloaded, sends MAIL_DIR through it once (default: the synthetic
#       toad + ham mix of ../shared/corpus) and keeps in DIR the stream database's expressions
#       exactly as compiled (specs-*.bin) and every Vectorscan call with its bytes (calls-*.bin)
#   scripts/vectorscan-cost.sh cost DIR [LIST]
#       compiles all recorded expressions (or LIST's: one 0-based index a line, optionally
#       index<TAB>flags[<TAB>expression]) and replays the recorded calls under callgrind:
#       prints Vectorscan's instructions in all and a message
#
# Environment: HOOKLINE_BIN (default .build/release/hookline, built if missing), CONFIG
# (default Config/hookline.yaml), SHARED (default ../shared), PORT (default 18930).
# Needs cc, libvectorscan-dev and valgrind. Instruction counts repeat from run to run.
set -euo pipefail
cd "$(dirname "$0")/.."
usage() { echo "usage: scripts/vectorscan-cost.sh record DIR [MAIL_DIR] | cost DIR [LIST]" >&2; exit 2; }
[ $# -ge 2 ] || usage
CMD=$1; DIR=$2
mkdir -p "$DIR"; DIR=$(cd "$DIR" && pwd)
for tool in cc valgrind; do command -v "$tool" >/dev/null || { echo "vectorscan-cost: needs $tool" >&2; exit 2; }; done
[ -f /usr/include/hs/hs.h ] || { echo "vectorscan-cost: needs libvectorscan-dev" >&2; exit 2; }
cc -O2 -Wall -Wextra -o "$DIR/replay" scripts/vectorscan-cost/replay.c -lhs
specs() { # the stream-mode compile (mode bit 2: HS_MODE_STREAM), the last one recorded
    local f mode found=
    for f in "$DIR"/specs-*-mode*.bin; do
        [ -e "$f" ] || continue
        mode=${f##*-mode}; mode=${mode%.bin}
        [ $((mode & 2)) -ne 0 ] && found=$f
    done
    [ -n "$found" ] || { echo "vectorscan-cost: no stream database recorded in $DIR (run record first)" >&2; exit 1; }
    echo "$found"
}

case $CMD in
record)
    SHARED=${SHARED:-$(cd .. && pwd)/shared}
    MAIL=${3:-}
    CONFIG=${CONFIG:-Config/hookline.yaml}
    PORT=${PORT:-18930}
    HL=${HOOKLINE_BIN:-.build/release/hookline}
    [ -x "$HL" ] || swift build -c release >/dev/null
    cc -O2 -Wall -Wextra -shared -fPIC -o "$DIR/record_shim.so" scripts/vectorscan-cost/record_shim.c -ldl -lpthread
    BIN=$(MT_BIN="$DIR/bin" "$SHARED/tools/build.sh")
    if [ -z "$MAIL" ]; then
        MAIL=$DIR/mix; rm -rf "$MAIL"; mkdir -p "$MAIL"
        # toad/ and ham/ reuse file names, so each is prefixed with its label.
        for label in toad ham; do
            for f in "$SHARED"/corpus/synthetic/$label/*.eml; do cp "$f" "$MAIL/$label-$(basename "$f")"; done
        done
    fi
    rm -f "$DIR"/specs-*.bin "$DIR"/calls-*.bin
    ! (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || { echo "vectorscan-cost: port $PORT in use (set PORT)" >&2; exit 1; }
    VSCOST_DIR=$DIR LD_PRELOAD=$DIR/record_shim.so "$HL" run --config "$CONFIG" --listen "inet:$PORT@127.0.0.1" \
        >"$DIR/daemon.log" 2>&1 & PID=$!
    trap 'kill "$PID" 2>/dev/null || true' EXIT
    for _ in $(seq 1 1200); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
    timeout 600 "$BIN/milterload" -s "inet:$PORT@127.0.0.1" -c 4 -q "$MAIL" | grep -E '^(messages|verdicts)'
    kill -TERM "$PID"; wait "$PID" 2>/dev/null || true; trap - EXIT
    find "$MAIL" -name '*.eml' | wc -l > "$DIR/messages"
    echo "recorded: $(specs) and $(ls "$DIR"/calls-*.bin | tr '\n' ' ')"
    ;;
cost)
    LIST=${3:-}
    [ -z "$LIST" ] || [ -f "$LIST" ] || { echo "vectorscan-cost: no list $LIST" >&2; exit 2; }
    CALLS=$(ls -S "$DIR"/calls-*.bin 2>/dev/null | head -1)  # the daemon's, not the compile child's
    [ -n "$CALLS" ] || { echo "vectorscan-cost: no calls recorded in $DIR (run record first)" >&2; exit 1; }
    "$DIR/replay" compile "$(specs)" "$DIR/replay.db" ${LIST:+"$LIST"}
    valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$DIR/replay.cg" \
        "$DIR/replay" run "$DIR/replay.db" "$CALLS" 2>&1 | grep -E '^scans' || true
    IR=$(awk '/^(summary|totals):/ { print $2; exit }' "$DIR/replay.cg")
    N=$(cat "$DIR/messages" 2>/dev/null || echo 1)
    echo "Vectorscan: $IR instructions, $((IR / N)) a message ($N messages)"
    ;;
*) usage ;;
esac
