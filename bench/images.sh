#!/usr/bin/env bash
# Benchmark of the image build path of `npm run images` (lib/images), against the real Docker
# Engine, on a generated fixture: ~3 MB of sources plus ~48 MB of node_modules that the
# ignore rules keep out. Reports
#   (a) a warm rebuild with no changes vs a cold build (--no-cache), as a ratio;
#   (b) bytes of build context sent vs the unfiltered and the filtered source tree.
# Rerunnable; uses hyperfine when installed, plain timing otherwise. Raw results: bench/results/.
#   Usage: bash bench/images.sh            (RUNS=5 by default)
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
RESULTS="bench/results"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/todo-k8s-images-bench.XXXXXX")"
BENCH=(node node_modules/tsx/dist/cli.mjs bench/images-bench.ts)
mkdir -p "$RESULTS"
cleanup() { "${BENCH[@]}" cleanup || true; rm -rf "$WORK"; }
trap cleanup EXIT

echo "Preparing the fixture in $WORK ..." >&2
"${BENCH[@]}" prepare "$WORK/src"
"${BENCH[@]}" build "$WORK/src" >/dev/null # first build, so the warm runs start warm

COLD="${BENCH[*]} build $WORK/src --no-cache"
WARM="${BENCH[*]} build $WORK/src"

# Prints "mean_seconds stddev_seconds" of a command run $RUNS times.
measure() {
  local name="$1" cmd="$2"
  if command -v hyperfine >/dev/null; then
    hyperfine --style none --runs "$RUNS" --export-json "$RESULTS/images-$name.json" "$cmd" >&2
    node -e 'const r=require(process.argv[1]).results[0]; console.log(r.mean.toFixed(3), r.stddev.toFixed(3))' "$PWD/$RESULTS/images-$name.json"
  else
    local times=()
    for _ in $(seq "$RUNS"); do
      local start end
      start=$(date +%s%N); $cmd >/dev/null; end=$(date +%s%N)
      times+=("$(( (end - start) / 1000000 ))")
    done
    printf '%s\n' "${times[@]}" > "$RESULTS/images-$name.txt"
    node -e 'const t=process.argv.slice(1).map(Number); const m=t.reduce((a,b)=>a+b,0)/t.length; const sd=Math.sqrt(t.reduce((a,b)=>a+(b-m)**2,0)/t.length); console.log((m/1000).toFixed(3),(sd/1000).toFixed(3))' "${times[@]}"
  fi
}

# Command substitution, not `< <(...)`, so a failing measurement stops the script (set -e).
cold=$(measure cold "$COLD"); read -r cold_mean cold_sd <<<"$cold"
warm=$(measure warm "$WARM"); read -r warm_mean warm_sd <<<"$warm"
# Reference: the docker CLI's classic builder rebuilding the same context, warm.
cli_mean="n/a" cli_sd=""
if command -v docker >/dev/null; then
  CLI="env DOCKER_BUILDKIT=0 docker build -q --build-arg NEXT_PUBLIC_API_URL=http://localhost:30800 -t todo-k8s-bench/app:docker-cli $WORK/src"
  $CLI >/dev/null 2>&1
  cli=$(measure docker-cli "$CLI"); read -r cli_mean cli_sd <<<"$cli"
fi
# In-process build time (without node/tsx start-up): mean of $RUNS builds on the build's own clock.
cold_ms=$(BENCH_REPEAT="$RUNS" "${BENCH[@]}" build "$WORK/src" --no-cache | node -e 'console.log(JSON.parse(require("fs").readFileSync(0)).ms)')
warm_json=$(BENCH_REPEAT="$RUNS" "${BENCH[@]}" build "$WORK/src")
sizes=$("${BENCH[@]}" sizes "$WORK/src")
echo "$sizes" > "$RESULTS/images-context.json"

node - "$cold_mean" "$cold_sd" "$warm_mean" "$warm_sd" "$cold_ms" "$warm_json" "$sizes" "$RUNS" "$cli_mean" "$cli_sd" "$(command -v hyperfine >/dev/null && echo hyperfine || echo 'date +%s%N')" <<'JS'
const [coldMean, coldSd, warmMean, warmSd, coldMs, warmJson, sizesJson, runs, cliMean, cliSd, timer] = process.argv.slice(2);
const warm = JSON.parse(warmJson);
const s = JSON.parse(sizesJson);
const mb = (b) => `${(b / 1e6).toFixed(2)} MB`;
const pct = (a, b) => `${((100 * a) / b).toFixed(1)}%`;
console.log(`
## Image build benchmark (lib/images, fixture on the local busybox base image)

Timer: ${timer}, ${runs} runs each, end to end (node + tsx start-up included); in-process: ${runs} builds in one process.

| build | mean | ± | in-process mean |
| --- | ---: | ---: | ---: |
| cold (\`--no-cache\`) | ${coldMean} s | ${coldSd} s | ${(coldMs / 1000).toFixed(3)} s |
| warm, no changes | ${warmMean} s | ${warmSd} s | ${(warm.ms / 1000).toFixed(3)} s |
| **warm / cold** | **${(warmMean / coldMean).toFixed(2)}** | | **${(warm.ms / coldMs).toFixed(2)}** |
| reference: \`docker build\` (CLI, classic builder), warm | ${cliMean} s | ${cliSd} s | |

Warm rebuild: same tag, ${warm.cachedSteps}/${warm.steps} steps from Docker's cache (ARG/FROM steps never report "Using cache").

| build context | bytes | of unfiltered |
| --- | ---: | ---: |
| unfiltered source tree (incl. node_modules, .env) | ${mb(s.unfilteredBytes)} | 100% |
| filtered tree (files the ignore rules keep) | ${mb(s.filteredBytes)} | ${pct(s.filteredBytes, s.unfilteredBytes)} |
| **context tar sent to the engine** (${s.entriesSent} entries) | **${mb(s.contextBytesSent)}** | **${pct(s.contextBytesSent, s.unfilteredBytes)}** |
`);
JS
