#!/usr/bin/env bash
# The benchmark command (not part of the tests): Hookline's daemon against the
# no-op C milter (refmilter, accept mode) measured in the same run with the same
# load client (milterload), plus offline `hookline scan` throughput.
#
#   scripts/bench.sh [SECS_PER_RUN] [REPS]      defaults 3 s, 3 reps (median reported)
#
# Needs ../shared/tools (refmilter, milterload, make-corpus.py) and, for the
# scan and corpus-mix rows, ../shared/corpus. Loopback only; every run is
# bounded by SECS. Numbers on a 2-core shared machine are noisy: read the
# ratios, which compare runs made minutes apart under the same load.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-3}; REPS=${2:-3}
SHARED=${SHARED:-$(cd .. && pwd)/shared}
TOOLS=$SHARED/tools
[ -d "$TOOLS" ] || { echo "bench: $TOOLS not found (set SHARED=)" >&2; exit 2; }
scripts/install-deps.sh
swift build -c release --product hookline >/dev/null
HL=$(pwd)/.build/release/hookline
BIN=$("$TOOLS/build.sh")
WORK=$(mktemp -d /tmp/hookline-bench.XXXXXX)
python3 "$TOOLS/make-corpus.py" "$WORK/msgs" >/dev/null
mkdir -p "$WORK/mix"
if [ -d "$SHARED/corpus/synthetic" ]; then
    # A realistic mix: every synthetic message (toad and ham, 3 KB to 450 KB).
    # toad/ and ham/ reuse file names (paypal-000.eml in both), so prefix each with its label.
    for label in toad ham; do
        for f in "$SHARED"/corpus/synthetic/$label/*.eml; do cp "$f" "$WORK/mix/$label-$(basename "$f")"; done
    done
fi
REF_PORT=8890; HL_PORT=8898
REF_PID=; HL_PID=
cleanup() {
    [ -n "$REF_PID" ] && kill "$REF_PID" 2>/dev/null || true
    [ -n "$HL_PID" ] && kill "$HL_PID" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
wait_port() { for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$1) 2>/dev/null && return 0; sleep 0.1; done; return 1; }

"$BIN/refmilter" -p "inet:$REF_PORT@127.0.0.1" -m accept >"$WORK/ref.log" 2>&1 & REF_PID=$!
"$HL" run --config Config/hookline.yaml --listen "inet:$HL_PORT@127.0.0.1" >"$WORK/hl.log" 2>&1 & HL_PID=$!
wait_port $REF_PORT || { cat "$WORK/ref.log"; exit 1; }
wait_port $HL_PORT || { cat "$WORK/hl.log"; exit 1; }

echo "load: $(cat /proc/loadavg)   ${SECS}s x ${REPS} runs per cell, median by msg/s"
printf '%-6s %4s | %-28s | %-28s | %s\n' input conc "refmilter msg/s p50 p99 ms" "hookline msg/s p50 p99 ms" "hookline/ref"
run() { # spec conc input -> "msg/s p50 p99 errors" (median run)
    local spec=$1 c=$2 input=$3 out=$WORK/run.json
    : > "$out"
    for r in $(seq 1 "$REPS"); do
        "$BIN/milterload" -s "$spec" -c "$c" -d "$SECS" -q -j - "$input" 2>/dev/null | grep '"summary"' >> "$out" || true
    done
    python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l)["summary"] for l in open(sys.argv[1]) if l.strip()]
if not rows: print("0 0 0 1"); sys.exit()
rows.sort(key=lambda s: s["msg_per_s"]); m = rows[len(rows)//2]
print(f'{m["msg_per_s"]:.0f} {m["p50_ms"]:.2f} {m["p99_ms"]:.2f} {sum(s["error"] for s in rows)}')
PY
}
for input in small large mix; do
    case $input in small) f=$WORK/msgs/small.eml ;; large) f=$WORK/msgs/large.eml ;; mix) f=$WORK/mix ;; esac
    [ "$input" = mix ] && [ -z "$(ls "$WORK/mix")" ] && continue
    for c in 1 4 16; do
        read -r rr rp50 rp99 rerr < <(run "inet:$REF_PORT@127.0.0.1" "$c" "$f")
        read -r hr hp50 hp99 herr < <(run "inet:$HL_PORT@127.0.0.1" "$c" "$f")
        ratio=$(python3 -c "print(f'{$hr/$rr:.2f}' if $rr else '-')")
        note=""; [ "$rerr$herr" != "00" ] && note="  errors ref=$rerr hookline=$herr"
        printf '%-6s %4s | %8s %8s %8s    | %8s %8s %8s    | %s%s\n' "$input" "$c" "$rr" "$rp50" "$rp99" "$hr" "$hp50" "$hp99" "$ratio" "$note"
    done
done

echo
echo "verdicts over the mix (one pass, hookline):"
"$BIN/milterload" -s "inet:$HL_PORT@127.0.0.1" -c 4 -q "$WORK/mix" 2>&1 | grep -E '^(messages|verdicts)' || true

if [ -d "$SHARED/corpus" ]; then
    bytes=$(find "$SHARED/corpus" -name '*.eml' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
    start=$(date +%s.%N)
    "$HL" scan --config Config/hookline.yaml --json "$SHARED/corpus" > "$WORK/scan.jsonl" || true
    end=$(date +%s.%N)
    python3 - "$bytes" "$start" "$end" "$WORK/scan.jsonl" <<'PY'
import sys, json
b, s, e = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
n = sum(1 for _ in open(sys.argv[4]))
us = [json.loads(l).get("elapsed_us", 0) for l in open(sys.argv[4])]
print(f"scan: {n} messages, {b/1e6:.1f} MB in {e-s:.2f} s wall = {b/1e6/(e-s):.1f} MB/s "
      f"(detector alone: {b/1e6/(sum(us)/1e6):.1f} MB/s, {sum(us)/max(n,1):.0f} us/message)")
PY
fi
