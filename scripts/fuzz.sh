#!/usr/bin/env bash
# Fuzz the reading layer for SECONDS (default 60): random bytes and mutated small workbooks
# through read_file and the table finder, in-process, under `ulimit -v` (4 GB) so that an
# allocation bomb ends this run rather than the machine. The last case is kept in the
# test's temporary folder; a crash prints the seed to reproduce with FUZZ_SEED.
#
#   scripts/fuzz.sh [SECONDS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
seed=${2:-$(date +%s)}
echo "fuzzing for $seconds s with FUZZ_SEED=$seed"
ulimit -v 4000000
FUZZ_SECONDS=$seconds FUZZ_SEED=$seed cargo test --quiet --test it -- --nocapture fuzz_read:: 2>&1 \
    | grep -E "fuzz:|panicked|test result|error" || { echo "fuzz run failed (FUZZ_SEED=$seed)"; exit 1; }
