#!/usr/bin/env bash
# The fault-and-load command (not part of the tests): builds Hookline (release),
# starts `hookline run` on a unix socket (or a loopback TCP port) with the
# shipped rules, and drives it with scripts/faultload.py: 300 concurrent
# connections, connections cut mid-header/mid-body/before EOM, ABORT and reuse,
# SIGUSR1 every second under load, 50 MB messages, a flood of tiny messages,
# and SIGTERM under load. Reports messages, verdicts by kind, connection errors,
# peak/baseline/after RSS and descriptors per scenario; exits 1 if a message
# went unanswered, descriptors leaked, RSS stayed up, or the daemon died or did
# not stop cleanly. Loopback only; every scenario is bounded (~1.5-3 min in all).
#
#   scripts/faultload.sh [--listen unix|inet:PORT@127.0.0.1] [--scenarios a,b,...] [faultload.py options]
#
# Env: HOOKLINE_BIN (skip the build and use this binary), SCRATCH (SwiftPM scratch
# path, default .build-load so a busy .build is not blocked), RULES (rule files
# glob, default Config/rules/*.yaml of this checkout), KEEP=1 keeps the work
# directory (config, daemon log, faultload.jsonl).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
SCRATCH=${SCRATCH:-.build-load}
if [ -z "${HOOKLINE_BIN:-}" ]; then
    swift build -c release --scratch-path "$SCRATCH" --product hookline >/dev/null
    swift build -c release --scratch-path "$SCRATCH" --product hookline-ocr >/dev/null
    HOOKLINE_BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/hookline
fi
WORK=$(mktemp -d /tmp/hookline-faultload.XXXXXX)
cleanup() {
    # The daemon is faultload.py's child; should the client have been killed, stop it by its PID.
    if [ -s "$WORK/hookline.pid" ]; then kill -KILL "$(cat "$WORK/hookline.pid")" 2>/dev/null || true; fi
    if [ "${KEEP:-0}" = 1 ]; then echo "faultload: work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
echo "faultload: $(cat /proc/loadavg | cut -d' ' -f1-3) load, binary $HOOKLINE_BIN, work $WORK"
# faultload.py starts and stops the daemon itself (by PID) and bounds each scenario.
rc=0
timeout --kill-after=10 900 python3 scripts/faultload.py --hookline "$HOOKLINE_BIN" \
    --rules "${RULES:-$(pwd)/Config/rules/*.yaml}" --work "$WORK" --json "$WORK/faultload.jsonl" "$@" || rc=$?
if [ "$rc" != 0 ]; then
    echo "faultload: failed (status $rc); last daemon log lines:" >&2
    tail -n 20 "$WORK/hookline.log" >&2 || true
fi
exit "$rc"
