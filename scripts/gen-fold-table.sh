#!/usr/bin/env bash
# Writes Sources/HooklineDetect/Normalize/FoldTableData.swift: the normaliser's fold tables,
# FoldTable.compute(_:) run over every scalar they cover (what each process computed at
# its first message before). Run it after changing compute(_:) or the toolchain; the
# FoldTableDataTests test fails until then.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=Sources/HooklineDetect/Normalize/FoldTableData.swift
HOOKLINE_WRITE_FOLD_TABLE=$(pwd)/$OUT swift test --filter FoldTableDataTests
swift format format -i "$OUT"
# Built again with the tables just written: they must now be what compute(_:) gives.
swift test --filter FoldTableDataTests
wc -l "$OUT"
