#!/usr/bin/env bash
# Measures the checker against bare cargo on the learner's hot path (target:
# at most 0.85 of cargo's time).
#
#   scripts/bench.sh [EXERCISE] [RUNS]
#
# On a warm build, each round edits EXERCISE (its reference solution plus a
# changing comment, so every run recompiles and the tests pass), then times
# `checker run EXERCISE` and bare `cargo test --bin EXERCISE` back to back.
# The checker rebuilds by replaying the rustc command its warm-up's cargo
# build recorded (only the exercise's file changes between rounds).
# Prints the medians and their ratio, then the wall time of
# `checker verify --solutions`. The exercise file and the progress file are
# restored afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:-await1}
runs=${2:-15}
dir=$(awk -v n="$name" '$1=="name" && $3=="\""n"\"" {f=1} f && $1=="dir" {gsub(/"/,"",$3); print $3; exit}' info.toml)
[ -n "$dir" ] || { echo "no exercise $name in info.toml" >&2; exit 2; }
exercise="exercises/$dir/$name.rs"
solution="solutions/$dir/$name.rs"
backup=$(mktemp -d)
cp "$exercise" "$backup/exercise.rs"
[ -f .asynclings-progress ] && cp .asynclings-progress "$backup/progress"
restore() {
  cp "$backup/exercise.rs" "$exercise"
  if [ -f "$backup/progress" ]; then cp "$backup/progress" .asynclings-progress; else rm -f .asynclings-progress; fi
  rm -rf "$backup"
}
trap restore EXIT

cargo build -q --release -p checker
checker=target/release/checker
bare_target=target/bench-bare
edit() { { cat "$solution"; echo "// bench edit $1"; } > "$exercise"; }
now() { date +%s.%N; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN {print a - b}'; }

# Warm both target directories (the checker's warm-up, a cargo build after
# an edit, records the rustc command its rounds replay).
edit warm; "$checker" run "$name" >/dev/null 2>&1 || true
cargo test -q -p exercises --bin "$name" --target-dir "$bare_target" >/dev/null 2>&1 || true

checker_times=(); cargo_times=()
for i in $(seq 1 "$runs"); do
  edit "c$i"; t0=$(now); "$checker" run "$name" >/dev/null 2>&1; t1=$(now)
  checker_times+=("$(sub "$t1" "$t0")")
  edit "b$i"; t0=$(now); cargo test -q -p exercises --bin "$name" --target-dir "$bare_target" >/dev/null 2>&1; t1=$(now)
  cargo_times+=("$(sub "$t1" "$t0")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mc=$(median "${checker_times[@]}"); mb=$(median "${cargo_times[@]}")
printf 'machine: %s cores, load average %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'checker samples (s): %s\n' "$(printf '%s\n' "${checker_times[@]}" | sort -n | tr '\n' ' ')"
printf 'cargo samples (s):   %s\n' "$(printf '%s\n' "${cargo_times[@]}" | sort -n | tr '\n' ' ')"
printf 'edit + checker run %s   median of %d: %.3f s\n' "$name" "$runs" "$mc"
printf 'edit + cargo test --bin %s  median of %d: %.3f s\n' "$name" "$runs" "$mb"
printf 'ratio checker/cargo: %.3f (target at most 0.85)\n' "$(awk -v a="$mc" -v b="$mb" 'BEGIN {print a / b}')"

t0=$(now); "$checker" verify --solutions >/dev/null 2>&1; t1=$(now)
printf 'checker verify --solutions (warm): %.1f s\n' "$(sub "$t1" "$t0")"
