#!/usr/bin/env bash
# Build a report over a real-world corpus of spreadsheets (a folder kept outside the
# repository) in one run and print: files by status and format, the reasons files were
# unreadable, and the slowest reads. Every file must come out read, skipped or unreadable;
# the run must not crash.
#
#   scripts/corpus.sh CORPUS_DIR [GRIDREPORT_BINARY]
#
# The run is held under `ulimit -v` (8 GB) as a last line of defence for the machine.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: scripts/corpus.sh CORPUS_DIR [GRIDREPORT_BINARY]" >&2; exit 2; }
corpus=$1
bin=${2:-${CARGO_TARGET_DIR:-$here/target}/debug/gridreport}
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 2; }
[ -x "$bin" ] || (cd "$here" && cargo build --quiet)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s.%N)
set +e
(ulimit -v 8000000; GRIDREPORT_READ_TIMES=1 /usr/bin/env time -v "$bin" build "$corpus" -o "$work/out" --lang en) \
    2> "$work/stderr"
rc=$?
set -e
end=$(date +%s.%N)
echo "exit code $rc, $(echo "$end - $start" | bc) s"
grep -E "Maximum resident|Elapsed" "$work/stderr" || true
[ -f "$work/out/summary.json" ] || { tail -20 "$work/stderr"; exit 1; }
python3 - "$work/out/summary.json" "$work/stderr" <<'PY'
import collections, json, re, sys
s = json.load(open(sys.argv[1]))
files = s["files"]
print(f"\n{len(files)} files")
by = collections.Counter(f["status"] for f in files)
print("by status:", dict(sorted(by.items())))
fmt = collections.defaultdict(collections.Counter)
for f in files:
    fmt[f["path"].split("/")[0]][f["status"]] += 1
print("\nby folder:")
for k in sorted(fmt):
    print(f"  {k:8} {dict(sorted(fmt[k].items()))}")
sheets = collections.Counter(sh["kind"] for f in files for sh in f["sheets"])
print("sheets by kind:", dict(sorted(sheets.items())))
reasons = collections.Counter()
for i in s["issues"]["list"]:
    if i["rule"] == "file_unreadable":
        m = re.sub(r"\d+", "N", i["message"])
        m = re.sub(r"\(.*\)", "(…)", m) if "corrupt" in m or "reader failed" in m else m
        reasons[m[:110]] += 1
print("\nfile_unreadable messages (numbers as N, details as …):")
for m, n in reasons.most_common():
    print(f"  {n:4}  {m}")
times = []
for line in open(sys.argv[2], errors="replace"):
    p = line.rstrip("\n").split("\t")
    if len(p) == 3 and p[0] == "read-time":
        times.append((int(p[1]), p[2]))
times.sort(reverse=True)
print(f"\nreads timed: {len(times)}, total {sum(t for t, _ in times)/1000:.1f} s; slowest:")
for t, p in times[:12]:
    print(f"  {t:6} ms  {p}")
PY
