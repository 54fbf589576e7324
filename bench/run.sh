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
echo "== webhooks (issue 5) =="
"$BIN/mc-bench" webhooks --binaries "$BIN"
echo "== dashboard (issue 4) =="
# A release tree of its own on a free port, then the board and live-latency measurements in
# headless Chromium (bench/browser_bench.py). Rate limits are off for the task seeding.
data_dir="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
MC_DATA_DIR="$data_dir" MC_PORT="$port" API_KEY=bench-ui-key AUTH_PASS=bench-admin-password \
    MC_DISABLE_RATE_LIMIT=1 MC_LOG_LEVEL=warning "$BIN/mcsup" run >"$data_dir/tree.log" 2>&1 &
tree_pid=$!
trap 'kill "$tree_pid" 2>/dev/null; wait "$tree_pid" 2>/dev/null; rm -rf "$data_dir"' EXIT
for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/api/status?action=health" >/dev/null 2>&1 && break
    sleep 0.1
done
.build/venv/bin/python bench/browser_bench.py --url "http://127.0.0.1:$port" --api-key bench-ui-key
