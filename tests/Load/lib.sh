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
