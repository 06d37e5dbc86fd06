#!/usr/bin/env bash
# The test command: installs what the build needs, builds, runs every test
# (unit, golden, and integration tests against real Postfix and Sendmail on
# loopback, which install those MTAs themselves).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# The code follows .swift-format; a change that does not is reformatted with
# `swift format format -i -r Sources Tests Fuzz`.
swift format lint --strict -r Sources Tests Fuzz
swift build
swift test "$@"
