#!/usr/bin/env bash
# Measures a new learner's cold start: a fresh clone to the first verdict.
#
#   scripts/bench-cold.sh [ROUNDS] [OTHER_REV]
#
# Each round clones this repository's HEAD afresh (crates already
# downloaded: cargo's registry cache is shared, as after any earlier Rust
# project) and times, in the clone:
#   - building the checker (`cargo build -p checker`),
#   - the first verdict (`cargo run -p checker -- run`: the course's
#     dependencies are built, then intro1 is checked),
#   - a second, warm `cargo run -p checker -- run`, so the first verdict's
#     dependency build is the difference.
# With OTHER_REV, each round also builds the checker of that revision in a
# fresh clone and gets its first verdict, alternately with HEAD's, so the two
# are compared side by side (e.g. before and after trimming the checker's
# dependencies, or adding crates to the course's).
# Prints the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
other=${2:-}
repo=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN {print a - b}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

fresh_clone() { # REV -> path of a fresh clone at REV
  local dir="$work/clone-$RANDOM$RANDOM"
  git clone -q "$repo" "$dir"
  git -C "$dir" checkout -q "$1"
  echo "$dir"
}

head_rev=$(git rev-parse HEAD)
checker_builds=(); first_verdicts=(); warm_checks=(); other_builds=(); other_verdicts=()
for i in $(seq 1 "$runs"); do
  clone=$(fresh_clone "$head_rev")
  t0=$(now); (cd "$clone" && cargo build -q -p checker); t1=$(now)
  checker_builds+=("$(sub "$t1" "$t0")")
  # The shipped intro1 fails: exit code 1 is the expected verdict.
  t0=$(now); (cd "$clone" && cargo run -q -p checker -- run >/dev/null 2>&1) || true; t1=$(now)
  first_verdicts+=("$(sub "$t1" "$t0")")
  t0=$(now); (cd "$clone" && cargo run -q -p checker -- run >/dev/null 2>&1) || true; t1=$(now)
  warm_checks+=("$(sub "$t1" "$t0")")
  rm -rf "$clone"
  if [ -n "$other" ]; then
    clone=$(fresh_clone "$other")
    t0=$(now); (cd "$clone" && cargo build -q -p checker); t1=$(now)
    other_builds+=("$(sub "$t1" "$t0")")
    t0=$(now); (cd "$clone" && cargo run -q -p checker -- run >/dev/null 2>&1) || true; t1=$(now)
    other_verdicts+=("$(sub "$t1" "$t0")")
    rm -rf "$clone"
  fi
done

cb=$(median "${checker_builds[@]}"); fv=$(median "${first_verdicts[@]}"); wc=$(median "${warm_checks[@]}")
printf 'machine: %s cores, load average %s\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'checker build (HEAD %s)        median of %d: %6.1f s   samples: %s\n' "${head_rev:0:9}" "$runs" "$cb" "${checker_builds[*]}"
printf 'first verdict (dependencies + intro1)  median of %d: %6.1f s   samples: %s\n' "$runs" "$fv" "${first_verdicts[*]}"
printf 'warm check                             median of %d: %6.1f s\n' "$runs" "$wc"
printf 'dependency build (first - warm):                  %6.1f s\n' "$(sub "$fv" "$wc")"
printf 'fresh clone to first verdict:                      %6.1f s\n' "$(awk -v a="$cb" -v b="$fv" 'BEGIN {print a + b}')"
if [ -n "$other" ]; then
  ob=$(median "${other_builds[@]}")
  printf 'checker build (%s)             median of %d: %6.1f s   samples: %s\n' "$(git rev-parse --short=9 "$other")" "$runs" "$ob" "${other_builds[*]}"
  printf 'HEAD saves %.1f s (%.0f%%) of the checker build\n' "$(sub "$ob" "$cb")" "$(awk -v a="$cb" -v b="$ob" 'BEGIN {print 100 * (b - a) / b}')"
  ov=$(median "${other_verdicts[@]}")
  printf 'first verdict (%s)             median of %d: %6.1f s   samples: %s\n' "$(git rev-parse --short=9 "$other")" "$runs" "$ov" "${other_verdicts[*]}"
fi
