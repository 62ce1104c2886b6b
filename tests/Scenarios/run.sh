#!/usr/bin/env bash
# The drift scenarios of issue 12, replayed through the real `matchmodels` program (Release build).
#
#   tests/Scenarios/run.sh [stationary|covariate|concept|overhaul|all]      (default: all)
#
# Trains pair-success once on a seed-1 history, then replays seed-2 histories of the same size through
# `predict --log` and `monitor --time as-of --window N --json`, with outcomes written from the predictions' own
# labels (observed at as_of + 90 days, the label window), and checks each bar of the issue on the reports
# (tests/Scenarios/check_bars.py): one line per bar with its figure and PASS or FAIL; exit 1 on a miss.
#
#   stationary  --drift none                 (also the baseline the other two are judged against, window by window)
#   covariate   --drift profile:DATE         mentee job level, tenure and availability change from DATE
#   concept     --drift concept:DATE         the success rule changes from DATE (remote-first), the people do not
#   overhaul    --drift overhaul:DATE        a stronger change of the rule: skills and goals shared stop mattering too
#
# DATE is the start of the middle cohort. The scale comes from the environment: MENTEES (20000), MENTORS (7000),
# COHORTS (10), TRIALS (4, the deterministic search), WINDOW (1000 rows); SCENARIO_OUT (a new temporary folder)
# keeps everything, results.md included (an output folder run before keeps its trained version and finished replays,
# so a rerun only redoes what is missing); SCENARIO_NO_BUILD=1 skips the build. MIN_WINDOWS (20) and CBPE_MIN_LABELS
# (500) are the bars' window count and the CBPE check's smallest window. A quick try of the script itself, about
# 3 minutes, whose bars are noisy at that size:
#   MENTEES=3000 MENTORS=1000 COHORTS=6 WINDOW=250 MIN_WINDOWS=12 CBPE_MIN_LABELS=250 tests/Scenarios/run.sh
# The CBPE bar on windows large enough for the realised AUC to be judged to ±0.03 (20 windows of 2,000 labels; the
# trained version is then the one trained on the 40,000-pair seed-1 history), about 7 minutes:
#   MENTEES=40000 MENTORS=14000 WINDOW=2000 tests/Scenarios/run.sh stationary
# Figures of the full run, and what the misses are: docs/monitoring.md, "The scenarios on 20,000 pairs".
set -euo pipefail

scenario="${1:-all}"
case "$scenario" in
  stationary|covariate|concept|overhaul|all) ;;
  *) echo "usage: $0 [stationary|covariate|concept|overhaul|all]" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mentees="${MENTEES:-20000}"
mentors="${MENTORS:-7000}"
cohorts="${COHORTS:-10}"
trials="${TRIALS:-4}"
window="${WINDOW:-1000}"
out="${SCENARIO_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/matchmodels-scenarios.XXXXXX")}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
dll="$root/src/Cli/bin/Release/net10.0/matchmodels.dll"
mm() { dotnet "$dll" "$@"; }
stamp() { date -u +%H:%M:%S; }

if [[ "${SCENARIO_NO_BUILD:-}" != 1 ]]; then
  echo "$(stamp) building src/Cli (Release)"
  dotnet build -c Release "$root/src/Cli" -v quiet -nologo > "$out/build.log"
fi

# The generator's calendar (docs/synthetic-data.md): cohorts 147 days apart from Monday 2023-01-09.
change="$(python3 -c "import datetime as d; print(d.date(2023, 1, 9) + d.timedelta(days=147 * ($cohorts // 2)))")"
echo "$(stamp) scale: $mentees mentees, $mentors mentors, $cohorts cohorts; windows of $window rows; change date $change; output in $out"

# The gates are not under test here, so the scenario pipeline loosens the two that small or unlucky test splits leave
# inconclusive or failed (as tests/Cli does); everything else is pipelines/pair-success.yaml.
pipeline="$out/pair-success.yaml"
sed -e 's/max_ece: 0.05/max_ece: 0.5/' -e 's/max_fairness_gap: 0.10/max_fairness_gap: 1.0/' \
  "$root/pipelines/pair-success.yaml" > "$pipeline"

if [[ ! -f "$out/models/pair-success/versions/1/model.onnx" ]]; then
  echo "$(stamp) generating the training history (seed 1)"
  rm -rf "$out/train-data" "$out/models"
  mm data generate --out "$out/train-data" --mentees "$mentees" --mentors "$mentors" --cohorts "$cohorts" --seed 1 > /dev/null
  echo "$(stamp) training pair-success on it (--trials $trials)"
  mm train "$pipeline" --data "$out/train-data" --trials "$trials" --registry "$out/models" --json > "$out/train.json" 2> "$out/train.log"
  if [[ ! -f "$out/models/pair-success/versions/1/model.onnx" ]]; then
    echo "training registered no version; see $out/train.json" >&2
    exit 1
  fi
fi
echo "$(stamp) pair-success:1 registered: $(jq -r '"test AUC \(.test.roc_auc * 1000 | round / 1000) on \(.test.rows) pairs, \(.registration.detail)"' "$out/train.json")"

# replay NAME DRIFT: a seed-2 history with that drift, scored into a log, its outcomes, and the monitor's report.
replay() {
  local name="$1" drift="$2" dir="$out/$1"
  if [[ -f "$dir/monitor.json" ]]; then
    echo "$(stamp) $name: kept from an earlier run ($dir/monitor.json)"
    return
  fi

  rm -rf "$dir"
  mkdir -p "$dir"
  echo "$(stamp) $name: generating the seed-2 history (--drift $drift)"
  mm data generate --out "$dir/data" --mentees "$mentees" --mentors "$mentors" --cohorts "$cohorts" --seed 2 --drift "$drift" > /dev/null
  echo "$(stamp) $name: predict --log"
  mm predict pair-success:1 --data "$dir/data" --out "$dir/predictions.csv" --log "$dir/log" --registry "$out/models" > "$dir/predict.log" 2>&1
  python3 "$root/tests/Scenarios/write_outcomes.py" "$dir/predictions.csv" "$dir/outcomes.csv"
  # Each replay gets its own copy of the registry, so the alerts one raises are not "already raised" for the next.
  cp -r "$out/models" "$dir/models"
  echo "$(stamp) $name: monitor --time as-of --window $window"
  local started=$SECONDS
  mm monitor pair-success:1 --log "$dir/log" --outcomes "$dir/outcomes.csv" --time as-of --window "$window" \
    --json --out "$dir/report" --registry "$dir/models" > "$dir/monitor.json.partial"
  mv "$dir/monitor.json.partial" "$dir/monitor.json"
  echo "$(stamp) $name: monitor took $((SECONDS - started)) s"
}

replay stationary none
# The label-free estimate again over windows twice as large, to tell its error from the realised AUC's sampling noise.
if [[ ! -f "$out/stationary/monitor-wide.json" ]]; then
  echo "$(stamp) stationary: monitor --window $((2 * window)) (the CBPE check's wider view)"
  mm monitor pair-success:1 --log "$out/stationary/log" --outcomes "$out/stationary/outcomes.csv" --time as-of --window "$((2 * window))" \
    --json --out "$out/stationary/report-wide" --registry "$out/stationary/models" > "$out/stationary/monitor-wide.json.partial"
  mv "$out/stationary/monitor-wide.json.partial" "$out/stationary/monitor-wide.json"
fi
case "$scenario" in
  covariate|all) replay covariate "profile:$change" ;;
esac
case "$scenario" in
  concept|all) replay concept "concept:$change" ;;
esac
case "$scenario" in
  overhaul|all) replay overhaul "overhaul:$change" ;;
esac

python3 "$root/tests/Scenarios/check_bars.py" --out "$out" --change "$change" --scenario "$scenario" \
  --expected-covariate mentee_job_level,mentee_tenure_years,availability_min_h,level_gap
