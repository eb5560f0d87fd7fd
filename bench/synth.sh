#!/usr/bin/env bash
# Benchmark: `npm run synth` (bin/todo-k8s.js: main.ts's app through the whole pipeline, from a
# cached bundle, the API server's validation included when it is built) against the anchor, the
# `cdk8s init typescript-app` default (`cdk8s synth` with `app: npx ts-node main.ts`, here
# bench/anchor-main.ts: the same app built and synthesized), side by side in one hyperfine run.
# Prints the ratio ours/anchor (lower is better; the goal is <= 0.3), with the date and machine.
#   npm run bench:synth        (needs hyperfine: apt-get install -y hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine not found: apt-get install -y hyperfine" >&2; exit 1; }
mkdir -p bench/results
out=bench/results/synth.json
hyperfine --warmup 1 --runs "${RUNS:-10}" --export-json "$out" \
  --command-name 'anchor: cdk8s synth, app npx ts-node (main.ts built and synthesized)' "npx --no-install cdk8s synth --no-check-upgrade --app 'npx ts-node bench/anchor-main.ts' --output .synth/bench-anchor" \
  --command-name 'ours: npm run synth (bin/todo-k8s.js, main.ts in process from a cached bundle)' 'npm run --silent synth' >&2
node bench/report-ratio.js "$out"
