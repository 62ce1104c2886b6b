# Shared by the load scripts (source it from the repository root).
# One wrk measurement: prints "requests/s p99 failed" (failed = non-2xx plus socket errors). Arguments go to wrk
# after the common ones (-t2 -c32, SECONDS_PER_RUN seconds, latency percentiles).
measure() {
  wrk -t2 -c32 -d"${SECONDS_PER_RUN}s" --latency "$@" | awk '
    /Requests\/sec/ { rps = $2 } / 99%/ { p99 = $2 } /Non-2xx/ { failed += $NF }
    /Socket errors/ { gsub(",", ""); failed += $4 + $6 + $8 + $10 }
    END { printf "%s %s %d", rps, p99, failed }'
}

# The median of space-separated numbers.
median() { echo "$1" | tr ' ' '\n' | grep . | sort -n | awk '{ r[NR] = $1 } END { print r[int((NR + 1) / 2)] }'; }

# Builds the Release CLI (sets MM), trains the load scripts' model into $1/models (linear: what 2 trials of the full
# search pick on the sample, a logistic regression; lightgbm: the search restricted to LightGBM, whose seed-7 winner
# has 229 trees, refused below 100), registers it twice (version 1 champion, version 2 for promotions) and exports
# MM_KEY, a score key in $1/keys.json.
prepare_model() {
  local work="$1" model="$2"
  dotnet build -c Release src/Cli -v q -nologo > /dev/null
  MM="dotnet src/Cli/bin/Release/net10.0/matchmodels.dll"
  case "$model" in
    linear) $MM train pipelines/pair-success.yaml --trials 2 --no-register --registry "$work/models" --json > /dev/null ;;
    lightgbm)
      sed -e 's/^  trainers: .*/  trainers: [lightgbm]/' -e "s#^data: data/sample#data: $PWD/data/sample#" pipelines/pair-success.yaml > "$work/lightgbm.yaml"
      $MM train "$work/lightgbm.yaml" --trials 2 --seed 7 --no-register --registry "$work/models" --json > /dev/null ;;
    *) echo "model must be linear or lightgbm, not $model" >&2; exit 2 ;;
  esac
  local run
  run="$(ls -d "$work"/models/pair-success/runs/* | head -1)"
  python3 - "$run/leaderboard.json" "$model" <<'PY'
import json, sys
chosen = next(e for e in json.load(open(sys.argv[1])) if e["chosen"])
print(f"== model: {chosen['trainer']} {chosen['hyperparameters']}")
if sys.argv[2] == "lightgbm" and (chosen["trainer"] != "lightgbm" or chosen["hyperparameters"]["iterations"] < 100):
    sys.exit("the LightGBM model must have at least 100 trees")
PY
  $MM models register "$run" --force --reason "load test" --alias champion --registry "$work/models" > /dev/null
  $MM models register "$run" --force --reason "load test" --registry "$work/models" > /dev/null
  MM_KEY="$($MM keys create --name load --scopes score --keys "$work/keys.json" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')"
  export MM_KEY
}

# Waits until the server on port $1 answers its liveness probe (at most 20 s).
wait_live() {
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$1/v2/health/live" > /dev/null && return 0; sleep 0.2; done
  echo "the server on port $1 did not come up" >&2; return 1
}
