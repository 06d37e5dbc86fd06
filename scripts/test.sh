#!/usr/bin/env bash
# The test command: installs what the build needs, builds, runs every test
# (unit, golden, and integration tests against real Postfix and Sendmail on
# loopback, which install those MTAs themselves).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build
swift test "$@"
