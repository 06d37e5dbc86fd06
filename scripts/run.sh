#!/usr/bin/env bash
# Builds Hookline (release) and runs the daemon in the foreground with the
# shipped default config: milter on inet:8899@127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release
exec .build/release/hookline run --config Config/hookline.yaml "$@"
