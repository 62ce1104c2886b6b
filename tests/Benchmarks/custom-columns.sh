#!/usr/bin/env bash
# Issue 13's bars for a company's own columns: a generated history with the six extra HR columns of
# `data generate --extra-columns` (docs/synthetic-data.md, "Extra columns"; their effect on the truth is known), both
# predictors trained with those columns declared and without them, each run then compared with the generator's oracle
# and with ML.NET's logistic regression and LightGBM on the tables' raw columns (`-- baselines`, same rows).
# Usage: tests/Benchmarks/custom-columns.sh [mentees] [trials] [out folder]   (defaults: 20000, 40, a new temp folder)
# Figures of `tests/Benchmarks/custom-columns.sh 20000 40` (2026-12-02; test cohorts c09, c10; AUC with 95% bootstrap
# intervals; "LR" and "GBM" are the baselines on the raw columns, the difference paired on the same test rows):
#   pair-success, declared: 0.813 [0.800, 0.826], oracle 0.829 [0.816, 0.841], ratio 0.981; LR 0.650 (+0.163 [0.146, 0.181]),
#                           GBM 0.722 (+0.091 [0.077, 0.105])
#   pair-success, plain:    0.776 [0.761, 0.791], ratio 0.937
#   dropout, declared:      0.862 [0.849, 0.873], oracle 0.871 [0.860, 0.883], ratio 0.989; LR 0.795 (+0.067 [0.054, 0.079]),
#                           GBM 0.833 (+0.029 [0.022, 0.038])
#   dropout, plain:         0.835 [0.821, 0.848], ratio 0.958; GBM on the raw columns (which include the extra ones) +0.002
set -euo pipefail
cd "$(dirname "$0")/../.."
MENTEES="${1:-20000}"
TRIALS="${2:-40}"
OUT="${3:-$(mktemp -d)}"
MENTORS=$(( MENTEES * 7 / 20 ))
mkdir -p "$OUT"
dotnet build -c Release src/Cli -v q -nologo > /dev/null
dotnet build -c Release tests/Benchmarks -v q -nologo > /dev/null
MM="dotnet src/Cli/bin/Release/net10.0/matchmodels.dll"
DATA="$OUT/history"
[ -d "$DATA" ] || $MM data generate --out "$DATA" --mentees "$MENTEES" --mentors "$MENTORS" --cohorts 10 --seed 1 --extra-columns > /dev/null

# The declaration a company would write for these columns (the generator's column names; the product knows none of them).
COLUMNS='
columns:
  - name: engagement_score
    type: numeric
    optional: true
    features: [mentee, mentor]
  - name: overtime
    type: boolean
    features: [mentee, mentor]
  - name: coaching_certified
    type: boolean
    features: [mentee, mentor]
  - name: performance_rating
    type: integer
    features: [mentee, mentor]
  - name: education
    type: category
    values: [secondary, bachelor, master, doctorate]
    features: [mentee, mentor, same]
  - name: interests
    type: list
    features: [overlap, jaccard]'

for task in pair-success dropout; do
  for variant in declared plain; do
    pipeline="$OUT/$task-$variant.yaml"
    sed -e "s#^data: .*#data: $DATA#" "pipelines/$task.yaml" > "$pipeline"
    if [ "$variant" = declared ]; then printf '%s\n' "$COLUMNS" >> "$pipeline"; fi
    registry="$OUT/models-$task-$variant"
    [ -d "$registry" ] || $MM train "$pipeline" --trials "$TRIALS" --no-register --registry "$registry" --json > "$OUT/$task-$variant.json"
    run="$(ls -d "$registry"/*/runs/* | head -1)"
    echo "== $task, extra columns $variant"
    dotnet run -c Release --no-build --project tests/Benchmarks -- baselines "$pipeline" "$DATA" "$run"
  done
done
