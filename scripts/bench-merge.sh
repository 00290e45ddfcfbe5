#!/usr/bin/env bash
# Time of `checker grade merge` for a large class: grades the reference
# solutions once, makes a STUDENTS-strong class out of that grade split into
# PARTS count partitions (as `grade --class --partition count:K/PARTS`
# would write them), then times the merge ROUNDS times and prints its
# peak memory.
#
# usage: scripts/bench-merge.sh [STUDENTS] [PARTS] [ROUNDS]   (default 500 4 3)
set -euo pipefail
cd "$(dirname "$0")/.."
students=${1:-500}
parts=${2:-4}
rounds=${3:-3}

cargo build --release -q -p checker
checker=$PWD/target/release/checker
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/submission"
cp -r solutions "$work/submission/exercises"
"$checker" grade --submission "$work/submission" --format "json=$work/grade.json" 2>/dev/null
python3 - "$work" "$students" "$parts" <<'PY'
import json, os, sys
work, students, parts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
grade = json.load(open(f"{work}/grade.json"))
names = [f"student-{i:04d}" for i in range(students)]
for k in range(1, parts + 1):
    doc = {
        "schema": "asynclings-class", "version": 1, "checker_version": grade["checker_version"],
        "course": grade["course"], "exercises": [e["name"] for e in grade["exercises"]],
        "partial": grade["partial"], "partition": {"method": "count", "index": k, "total": parts},
        "class_size": students,
        "students": [{"student": n, "grade": grade} for i, n in enumerate(names) if i % parts == k - 1],
    }
    os.makedirs(f"{work}/part-{k}")
    json.dump(doc, open(f"{work}/part-{k}/grades.json", "w"))
PY
echo "$(du -sh "$work" | cut -f1) of partition files for $students students" >&2
for round in $(seq "$rounds"); do
    /usr/bin/time -f "merge: %e s, peak %M KB" "$checker" grade merge "$work"/part-*/grades.json \
        --output-dir "$work/out" 2>&1 | grep '^merge:'
done
