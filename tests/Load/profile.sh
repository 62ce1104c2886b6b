#!/usr/bin/env bash
# Where a single-pair predict request's CPU goes: serves the load script's model (linear or lightgbm, as run.sh),
# drives predict with wrk at 32 connections and records the server with perf (DOTNET_PerfMapEnabled=1 and DOTNET_EnableWriteXorExecute=0 name the
# JIT-compiled methods). Prints the inclusive and self share of the 80 largest frames (fold_profile.py).
# Needs wrk and perf (apt-get install wrk linux-perf). Usage: tests/Load/profile.sh [seconds] [linear|lightgbm] [route]
# route: predict (default) or live (the trivial endpoint, for comparison). The perf data stays in $PROFILE_OUT (default a temp folder).
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_TO_RECORD="${1:-10}"
MODEL="${2:-linear}"
ROUTE="${3:-predict}"
PORT=5098
WORK="$(mktemp -d)"
OUT="${PROFILE_OUT:-$WORK/profile}"
mkdir -p "$OUT"
cleanup() {
  if [ -n "${SERVER:-}" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  if [ -z "${PROFILE_OUT:-}" ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT
source tests/Load/lib.sh
prepare_model "$WORK" "$MODEL"

DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 Serving__RateLimit__PermitLimit=0 Logging__LogLevel__Default=Warning \
  $MM serve --registry "$WORK/models" --keys "$WORK/keys.json" --prediction-log "$WORK/log" --urls "http://127.0.0.1:$PORT" > "$WORK/serve.log" 2>&1 &
SERVER=$!
wait_live "$PORT"
case "$ROUTE" in
  predict) ARGS=(-s tests/Load/predict.lua "http://127.0.0.1:$PORT/v1/models/pair-success/predict") ;;
  live) ARGS=("http://127.0.0.1:$PORT/v2/health/live") ;;
  *) echo "route must be predict or live, not $ROUTE" >&2; exit 2 ;;
esac
echo "== warm-up 30 s"
wrk -t2 -c32 -d30s "${ARGS[@]}" > /dev/null
echo "== recording $SECONDS_TO_RECORD s of $ROUTE"
wrk -t2 -c32 -d"$((SECONDS_TO_RECORD + 2))s" "${ARGS[@]}" > "$OUT/wrk.txt" &
LOAD=$!
sleep 1
perf record -F 999 -g -p "$SERVER" -o "$OUT/perf.data" -- sleep "$SECONDS_TO_RECORD" 2> /dev/null
wait "$LOAD"
grep "Requests/sec" "$OUT/wrk.txt"
perf script -i "$OUT/perf.data" 2> /dev/null > "$OUT/script.txt"
python3 -B tests/Load/fold_profile.py 80 < "$OUT/script.txt" > "$OUT/inclusive.txt"
cat "$OUT/inclusive.txt"
echo "== more: python3 tests/Load/callees.py PATTERN < $OUT/script.txt (set PROFILE_OUT to keep it)"
