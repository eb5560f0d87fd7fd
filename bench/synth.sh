#!/usr/bin/env bash
# Benchmark: `npm run synth` (bin/synth.js: main.ts in its own process, from a cached bundle)
# against the anchor, the `cdk8s init typescript-app` default (`cdk8s synth` with
# `app: npx ts-node main.ts`), for the same main.ts, side by side in one hyperfine run.
# Prints the ratio ours/anchor (lower is better; the goal is <= 0.5), with the date and machine.
#   npm run bench:synth        (needs hyperfine: apt-get install -y hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine not found: apt-get install -y hyperfine" >&2; exit 1; }
mkdir -p bench/results
out=bench/results/synth.json
hyperfine --warmup 1 --runs "${RUNS:-10}" --export-json "$out" \
  --command-name 'anchor: cdk8s synth, app npx ts-node main.ts' "npx --no-install cdk8s synth --no-check-upgrade --app 'npx ts-node main.ts'" \
  --command-name 'ours: npm run synth (bin/synth.js, main.ts in process from a cached bundle)' 'npm run --silent synth' >&2
node bench/report-ratio.js "$out"
