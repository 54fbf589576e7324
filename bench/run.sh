#!/usr/bin/env bash
# Runs every benchmark on the release build (make bench builds it first) and prints one figure
# per line with its target. Numbers depend on the machine: compare runs on the same one.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release
echo "== process tree (issue 2) =="
"$BIN/mc-bench" tree --binaries "$BIN"
echo "== IPC (issue 2) =="
"$BIN/mc-bench" ipc
echo "== API (issue 3) =="
"$BIN/mc-bench" api --binaries "$BIN"
