#!/usr/bin/env bash
# Grading cost vs compiling once: times `checker grade --submission` on a
# submission made of every reference solution, against bare
# `cargo test --no-run -p solutions` in a separate target directory, in the
# same run, alternately, and prints the medians and their ratio.
#
# Both sides are warm (dependencies built once before timing) and both
# recompile every exercise in each round: grading writes the files into its
# stage anew, and the bare side has its sources touched. Grading also runs
# every program and test under its timeout; the bare side only compiles.
#
# usage: scripts/bench-grade.sh [ROUNDS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}

cargo build --release -q -p checker
checker=target/release/checker
bare_target=target/bench-grade-bare
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/submission"
cp -r solutions "$work/submission/exercises"

grade() {
    "$checker" grade --submission "$work/submission" --format "json=$work/grade.json" 2>/dev/null
}
bare() {
    find solutions -name '*.rs' -exec touch {} +
    cargo test --no-run -q -p solutions --target-dir "$bare_target" 2>/dev/null
}
seconds() { # command... -> elapsed seconds
    local start end
    start=$(date +%s.%N)
    "$@"
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "warming up (dependencies of both sides)..." >&2
grade
bare
score=$(grep -m1 '"score"' "$work/grade.json" | tr -dc '0-9.')
max=$(grep -m1 '"max_score"' "$work/grade.json" | tr -dc '0-9.')
exercises=$(grep -c '"status": "pass"' "$work/grade.json" || true)
echo "reference solutions graded: $score / $max points, $exercises exercises pass" >&2

: >"$work/grade.times"
: >"$work/bare.times"
for round in $(seq "$rounds"); do
    seconds grade >>"$work/grade.times"
    seconds bare >>"$work/bare.times"
    echo "round $round: grade $(tail -1 "$work/grade.times") s, bare $(tail -1 "$work/bare.times") s" >&2
done
g=$(median <"$work/grade.times")
b=$(median <"$work/bare.times")
printf 'median checker grade --submission (all solutions): %.2f s\n' "$g"
printf 'median cargo test --no-run -p solutions:          %.2f s\n' "$b"
printf 'ratio grade / bare: %.2f (target at most 1.3)\n' "$(echo "$g / $b" | bc -l)"
