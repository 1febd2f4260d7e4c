#!/usr/bin/env bash
# Benchmark (issue 16): a build of sample-data with 90 history snapshots kept against one with
# none (an earlier report without history). Then RUNS
# pairs of timed builds, back to back, alternating which goes first; prints the medians and
# the ratio (recorded in docs/performance.md, "History").
#
#   scripts/bench-history.sh [RUNS]        default: 9 pairs
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-9}
WORK=${BENCH_DIR:-target/bench-history}
BIN=target/release/gridreport
cargo build --release --quiet --locked
rm -rf "$WORK"
mkdir -p "$WORK"

# 90 snapshots: the sample's own (as of 2020-03-04) and 89 plausible ones of the days before
# it (examples/history_snapshots.rs: the same issues, counts a little lower further back).
"$BIN" build sample-data -o "$WORK/with90" --quiet
cargo run --release --quiet --locked --example history_snapshots -- \
  "$WORK/with90/history/2020-03-04.json" "$WORK/with90/history" 90
n=$(ls "$WORK/with90/history" | wc -l)
echo "snapshots kept: $n ($(du -sh "$WORK/with90/history" | cut -f1))"

secs() {
  local s e
  s=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  e=$(date +%s.%N)
  echo "$e - $s" | bc
}

none=()
with=()
for r in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/none/history"   # an earlier report without history: both builds replace an OUT
  if [ $((r % 2)) -eq 0 ]; then
    with+=("$(secs "$BIN" build sample-data -o "$WORK/with90" --quiet)")
    none+=("$(secs "$BIN" build sample-data -o "$WORK/none" --quiet)")
  else
    none+=("$(secs "$BIN" build sample-data -o "$WORK/none" --quiet)")
    with+=("$(secs "$BIN" build sample-data -o "$WORK/with90" --quiet)")
  fi
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
m0=$(median "${none[@]}")
m90=$(median "${with[@]}")
echo "none:  ${none[*]}"
echo "with90: ${with[*]}"
echo "median none $m0 s, with 90 snapshots $m90 s, ratio $(echo "scale=3; $m90 / $m0" | bc)"
GRIDREPORT_TIMINGS=1 "$BIN" build sample-data -o "$WORK/with90" --quiet 2>&1 | grep -E "history|total" || true
