#!/usr/bin/env bash
# Benchmark: `npm run synth` (bin/synth.js: main.ts in its own process, from a cached bundle)
# against the anchor, the `cdk8s init typescript-app` default (`cdk8s synth` with
# `app: npx ts-node main.ts`), for the same main.ts, side by side in one hyperfine run.
# Prints the ratio ours/anchor (lower is better; the goal is <= 0.5).
#   npm run bench:synth        (needs hyperfine: apt-get install -y hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine not found: apt-get install -y hyperfine" >&2; exit 1; }
mkdir -p bench/results
out=bench/results/synth.json
hyperfine --warmup 1 --runs "${RUNS:-10}" --export-json "$out" \
  --command-name 'anchor: cdk8s synth, app npx ts-node main.ts' "npx --no-install cdk8s synth --no-check-upgrade --app 'npx ts-node main.ts'" \
  --command-name 'ours: npm run synth (bin/synth.js, main.ts in process from a cached bundle)' 'npm run --silent synth' >&2
node -e '
const r = require("./" + process.argv[1]).results;
const [anchor, ours] = r.map((x) => x.mean);
console.log(`| command | mean (s) | stddev (s) |\n|---|---|---|`);
for (const x of r) console.log(`| ${x.command} | ${x.mean.toFixed(3)} | ${x.stddev.toFixed(3)} |`);
console.log(`\nratio ours/anchor: ${(ours / anchor).toFixed(2)} (${require("os").cpus().length} cores, node ${process.version})`);
// CPU time (user + system) moves less than wall time when other work shares the machine.
const [a, o] = r.map((x) => x.user + x.system);
console.log(`CPU time ratio ours/anchor: ${(o / a).toFixed(2)}`);
' "$out"
