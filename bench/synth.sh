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
node -e '
const r = require("./" + process.argv[1]).results;
const [anchor, ours] = r.map((x) => x.mean);
console.log(`| command | mean (s) | stddev (s) |\n|---|---|---|`);
for (const x of r) console.log(`| ${x.command} | ${x.mean.toFixed(3)} | ${x.stddev.toFixed(3)} |`);
const os = require("os");
console.log(`\nratio ours/anchor: ${(ours / anchor).toFixed(2)} (${os.cpus().length} cores, node ${process.version})`);
// CPU time (user + system) moves less than wall time when other work shares the machine.
const [a, o] = r.map((x) => x.user + x.system);
console.log(`CPU time ratio ours/anchor: ${(o / a).toFixed(2)}`);
// Which machine, when, and how busy: the figures move with all three.
const load = os.loadavg().map((l) => l.toFixed(1)).join(" ");
console.log(`measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${os.cpus()[0].model.trim()}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}; load average ${load}`);
' "$out"
