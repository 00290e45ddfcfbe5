#!/usr/bin/env bash
# The checker's three speed targets in one run, each measured side by side
# (its two sides alternately, medians of ROUNDS):
#   1. a warm check after an edit vs bare cargo        (scripts/bench.sh)
#   2. watch's save-to-verdict over `checker run`       (benches/watch_latency.rs)
#   3. grading all solutions vs compiling them bare     (scripts/bench-grade.sh)
#
#   scripts/bench-all.sh [ROUNDS]   (default 15; grading uses a third of them)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-15}
grade_rounds=$(( rounds / 3 > 3 ? rounds / 3 : 3 ))
log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== 1. checker run vs cargo test --bin (scripts/bench.sh futures5 $rounds)"
scripts/bench.sh futures5 "$rounds" | tee -a "$log"
echo
echo "== 2. watch vs checker run (cargo bench -p checker --bench watch_latency -- $rounds)"
cargo bench -q -p checker --bench watch_latency -- "$rounds" 2>/dev/null | tee -a "$log"
echo
echo "== 3. grading vs bare cargo (scripts/bench-grade.sh $grade_rounds)"
scripts/bench-grade.sh "$grade_rounds" | tee -a "$log"
echo
echo "== summary"
grep -E '^ratio checker/cargo|^watch overhead over run|^ratio grade / bare' "$log"
