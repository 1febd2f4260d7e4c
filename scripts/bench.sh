#!/usr/bin/env bash
# Benchmark (issue: performance): generate the districts, time `gridreport build` against the
# reading floor (examples/read_floor.rs), several runs each, median; print ratios and peak RSS.
# ratio = median over the runs of build / floor, each run timing both back to back.
#
#   scripts/bench.sh [RUNS] [SCALES...]        default: 3 runs, scales 1 10
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
shift || true
SCALES=${*:-"1 10"}
WORK=${BENCH_DIR:-target/bench}
mkdir -p "$WORK"

cargo build --release --quiet
cargo build --release --quiet --example read_floor
BIN=target/release/gridreport
FLOOR=target/release/examples/read_floor

# seconds and peak RSS (KB) of a command, via GNU time's format if present, else bash's time.
measure() {
  local out
  if [ -x /usr/bin/time ]; then
    local f
    f=$(mktemp)
    /usr/bin/time -o "$f" -f '%e %M' "$@" >/dev/null 2>&1
    tail -1 "$f"
    rm -f "$f"
  else
    local s e
    s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
    echo "$(echo "$e - $s" | bc) 0"
  fi
}

# Peak resident memory (MB) of a command and all its descendants together, sampled every
# 10 ms: the reading children are not waited for by the build, so GNU time does not see them.
tree_peak_mb() {
  python3 - "$@" <<'PY'
import os, subprocess, sys, time
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
def tree_kb(root):
    procs = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                st = open(f"/proc/{d}/status").read().splitlines()
            except OSError:
                continue
            f = dict(l.split(":", 1) for l in st if ":" in l)
            rss = int(f.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in f else 0
            procs[int(d)] = (int(f["PPid"].split()[0]), rss)
    tree, i = [root], 0
    while i < len(tree):
        tree += [c for c, (pp, _) in procs.items() if pp == tree[i]]
        i += 1
    return sum(procs[c][1] for c in tree if c in procs)
peak = 0
while p.poll() is None:
    peak = max(peak, tree_kb(p.pid))
    time.sleep(0.01)
print(round(peak / 1024))
PY
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
printf '%-6s %10s %10s %10s %8s %12s %12s %10s\n' scale floor_s build_s build_1t_s ratio peak_rss_mb tree_rss_mb write_share
declare -A BUILD FLOORS
for scale in $SCALES; do
  dir="$WORK/sample-$scale"
  if [ ! -d "$dir" ]; then
    if [ "$scale" = 1 ]; then cp -r sample-data "$dir"; else $BIN sample -o "$dir" --scale "$scale" --seed 2020 >/dev/null; fi
  fi
  floor=(); build=(); build1=(); ratio=(); rss=0
  for _ in $(seq "$RUNS"); do
    # Floor and build run back to back and are compared run by run: on a shared VM the
    # speed drifts between runs more than it does within one.
    fl=$(measure $FLOOR "$dir" | cut -d' ' -f1)
    read -r t m <<<"$(measure $BIN build "$dir" -o "$WORK/out-$scale" --quiet)"
    floor+=("$fl"); build+=("$t"); [ "$m" -gt "$rss" ] && rss=$m
    ratio+=("$(echo "$t / $fl" | bc -l)")
    build1+=("$(RAYON_NUM_THREADS=1 measure $BIN build "$dir" -o "$WORK/out-$scale" --quiet | cut -d' ' -f1)")
  done
  f=$(printf '%s\n' "${floor[@]}" | median)
  b=$(printf '%s\n' "${build[@]}" | median)
  b1=$(printf '%s\n' "${build1[@]}" | median)
  r=$(printf '%s\n' "${ratio[@]}" | median)
  # Share of the time spent writing HTML and xlsx, as the build reports it with GRIDREPORT_TIMINGS.
  w=$(GRIDREPORT_TIMINGS=1 $BIN build "$dir" -o "$WORK/out-$scale" --quiet 2>&1 >/dev/null | awk '/^timing write/ {w=$3} /^timing total/ {t=$3} END {if (t>0) printf "%.1f%%", 100*w/t; else print "?"}')
  tree=$(tree_peak_mb $BIN build "$dir" -o "$WORK/out-$scale" --quiet)
  BUILD[$scale]=$b
  FLOORS[$scale]=$f
  printf '%-6s %10s %10s %10s %8.2f %12.0f %12s %10s\n' "$scale" "$f" "$b" "$b1" "$r" "$(echo "$rss / 1024" | bc -l)" "$tree" "$w"
done
if [ -n "${BUILD[1]:-}" ] && [ -n "${BUILD[10]:-}" ]; then
  printf 'scale 10 / scale 1 build time: %.2f (the floor: %.2f)\n' "$(echo "${BUILD[10]} / ${BUILD[1]}" | bc -l)" "$(echo "${FLOORS[10]} / ${FLOORS[1]}" | bc -l)"
fi
