#!/usr/bin/env bash
# What the scheduled monitor costs the predict route (issue 12, "Speed and memory": <= 5 % while it runs).
# Two serve processes over the same registry, each with its own prediction log: one with the scheduled monitor running
# back to back (Serving:Monitoring:Interval 1 s; a run over the growing log takes longer than that, so one always runs),
# one without. Rounds alternate between them, as run.sh does, because this machine's speed drifts between windows; each
# round's ratio compares neighbouring windows. matchmodels_monitoring_runs_total is read around each round and the
# script fails if no run finished during the measurement (runs are back to back, so one is always in progress).
# Needs wrk (apt-get install wrk). Usage: tests/Load/monitor-cost.sh [seconds per measurement] [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN="${1:-10}"
ROUNDS="${2:-5}"
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

source tests/Load/lib.sh
prepare_model "$WORK" linear

start() { # port, log folder, extra environment
  env "${@:3}" Serving__RateLimit__PermitLimit=0 Logging__LogLevel__Default=Warning \
    $MM serve --registry "$WORK/models" --keys "$WORK/keys.json" --prediction-log "$2" --urls "http://127.0.0.1:$1" > "$2.out" 2>&1 &
  PIDS+=($!)
  wait_live "$1" || exit 1
}
OFF=5101; ON=5102
start $OFF "$WORK/log-off"
start $ON "$WORK/log-on" Serving__Monitoring__Interval=00:00:01 Serving__Monitoring__Window=day
runs() { curl -sf "http://127.0.0.1:$ON/metrics" | awk '/^matchmodels_monitoring_runs_total / { print $2 }'; }
last() { curl -sf "http://127.0.0.1:$ON/metrics" | awk '/^matchmodels_monitoring_last_run_duration_seconds / { print $2 }'; }

# Warm both hosts (the JIT tiers the predict path up over ~15 s) and fill both logs, so the monitor reads a real log.
echo "== warm-up: 20 s of predict on each host"
for port in $OFF $ON; do wrk -t2 -c32 -d20s -s tests/Load/predict.lua "http://127.0.0.1:$port/v1/models/pair-success/predict" > /dev/null; done
predict() { measure -s tests/Load/predict.lua "http://127.0.0.1:$1/v1/models/pair-success/predict"; }
echo "== $ROUNDS rounds of ${SECONDS_PER_RUN} s: predict without the scheduled monitor, then with it running"
RATIOS=""
for round in $(seq 1 "$ROUNDS"); do
  read -r OFF_RPS OFF_P99 OFF_FAILED <<< "$(predict $OFF)"
  BEFORE="$(runs)"
  read -r ON_RPS ON_P99 ON_FAILED <<< "$(predict $ON)"
  AFTER="$(runs)"
  RATIO="$(awk -v a="$ON_RPS" -v b="$OFF_RPS" 'BEGIN { printf "%.3f", a / b }')"
  RATIOS="$RATIOS $RATIO"
  [ -n "${FIRST:-}" ] || FIRST="$BEFORE"
  echo "round $round: off $OFF_RPS req/s (p99 $OFF_P99, failed $OFF_FAILED) | on $ON_RPS req/s (p99 $ON_P99, failed $ON_FAILED), monitor runs $BEFORE -> $AFTER, last run $(last) s | ratio $RATIO"
done
if [ "$AFTER" = "$FIRST" ]; then echo "no scheduled monitor run finished during the measurement: nothing was measured" >&2; exit 1; fi
echo "ratios:$RATIOS; median $(median "$RATIOS") (bar: >= 0.95)"
