#!/usr/bin/env bash
# Class regrade throughput on one machine, for the time model of a regrade
# spread over N runners (BENCHMARKS.md). Makes a class of STUDENTS
# submissions, half of them the reference solutions, half "broken": the
# solutions with every third exercise replaced by its shipped (failing)
# version plus a comment, so that it is built and fails rather than being
# skipped as untouched. Then:
#   1. cold: one student graded with no grading build yet (the dependencies
#      are compiled first), as on a runner whose cache missed;
#   2. warm: the whole class graded ROUNDS times with `grade --class`,
#      printing each round's total, the median, students per minute and the
#      median time per solved and per broken student (from grades.json).
#
# usage: scripts/bench-class.sh [STUDENTS] [ROUNDS]   (default 6 and 3)
set -euo pipefail
cd "$(dirname "$0")/.."
students=${1:-6}
rounds=${2:-3}

cargo build --release -q -p checker
checker=target/release/checker
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
class="$work/class"
mapfile -t files < <(cd exercises && find . -mindepth 2 -name '*.rs' -path './[0-9]*' | sort)
for n in $(seq 1 "$students"); do
    i=$(printf '%02d' "$n")
    dir="$class/student-$i"
    mkdir -p "$dir"
    cp -r solutions "$dir/exercises"
    if (( 10#$i % 2 == 0 )); then
        for n in "${!files[@]}"; do
            if (( (n + 1) % 3 == 0 )); then
                cp "exercises/${files[$n]}" "$dir/exercises/${files[$n]}"
                echo "// attempted" >>"$dir/exercises/${files[$n]}"
            fi
        done
    fi
done
echo "${#files[@]} exercise files; $students students, every second one broken" >&2

seconds() { # command... -> elapsed seconds
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

mkdir -p "$work/one"
cp -r "$class/student-01" "$work/one/"
rm -rf target/checker-grade
cold=$(seconds "$checker" grade --class "$work/one" --output-dir "$work/cold")
printf 'cold: first student with the dependencies compiled: %.1f s\n' "$cold"

: >"$work/rounds"
: >"$work/solved"
: >"$work/broken"
for round in $(seq "$rounds"); do
    t=$(seconds "$checker" grade --class "$class" --output-dir "$work/out")
    echo "$t" >>"$work/rounds"
    echo "round $round: $students students in $t s" >&2
    # Per-student grading time (build + tests), from the class report.
    python3 - "$work/out/grades.json" "$work" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
for s in doc["students"]:
    kind = "solved" if int(s["student"].split("-")[1]) % 2 else "broken"
    with open(f"{sys.argv[2]}/{kind}", "a") as f:
        f.write(f"{s['grade']['duration_ms'] / 1000}\n")
PY
done
total=$(median <"$work/rounds")
printf 'warm: median class of %d: %.1f s, %.1f students per minute\n' "$students" "$total" "$(echo "$students * 60 / $total" | bc -l)"
printf 'warm: median per solved student: %.1f s, per broken student: %.1f s\n' "$(median <"$work/solved")" "$(median <"$work/broken")"
