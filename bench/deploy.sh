#!/usr/bin/env bash
# Benchmark: a second `npm run deploy` with nothing changed (synth, the Secret and server-side
# dry run, an apply the server finds unchanged, one look at the rollout), against the anchor,
# the hand-run path it replaces: `npm run synth && kubectl apply -f dist` and
# `kubectl rollout status` of each workload. Both against the test cluster (.ci/cluster up), in
# scratch namespaces of their own, images not built (--no-build: kwok runs no container; the reuse of
# unchanged images is measured by bench/images.sh and tested in test/images/build-all.test.ts).
# Prints the ratio ours/anchor (lower is better) with the date and machine.
#   npm run bench:deploy        (needs hyperfine: apt-get install -y hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine not found: apt-get install -y hyperfine" >&2; exit 1; }
eval "$(bash .ci/cluster env)"
export KUBECTL="$TODO_K8S_KUBECTL"
ours_ns="bench-deploy-$$" anchor_ns="bench-anchor-$$"
work=$(mktemp -d)
trap 'rm -rf "$work"; "$KUBECTL" delete namespace "$ours_ns" "$anchor_ns" --ignore-not-found --wait=false >/dev/null' EXIT
# values.yaml NS PORT: the namespace and a NodePort pair of its own (NodePorts are cluster-wide).
values() { printf 'namespace: %s\npublicUrls: { frontend: "http://localhost:%s", backend: "http://localhost:%s" }\nexposure: { kind: node-port, frontendNodePort: %s, backendNodePort: %s }\n' "$1" "$2" "$(($2 + 1))" "$2" "$(($2 + 1))"; }
values "$ours_ns" 32300 >"$work/ours.yaml"
values "$anchor_ns" 32302 >"$work/anchor.yaml"
printf 'BETTER_AUTH_SECRET=%s\nPOSTGRES_PASSWORD=%s\nOPENAI_API_KEY=sk-bench\n' "$(openssl rand -hex 24)" "$(openssl rand -hex 16)" >"$work/.env"
deploy="node bin/todo-k8s.js deploy --no-build -f $work/ours.yaml --env-file $work/.env"
$deploy >/dev/null 2>&1 || { $deploy; exit 1; } # the first deploy; the measured ones change nothing
# README's hand path before deploy existed; the Secret made once, as a user would.
"$KUBECTL" create namespace "$anchor_ns" >/dev/null
"$KUBECTL" create secret generic todo-secrets -n "$anchor_ns" --from-env-file="$work/.env" >/dev/null
anchor="npm run --silent synth -- -f $work/anchor.yaml 2>/dev/null && $KUBECTL apply -f dist >/dev/null && for w in statefulset/postgres deployment/backend deployment/frontend; do $KUBECTL rollout status \$w -n $anchor_ns >/dev/null; done"
mkdir -p bench/results
out=bench/results/deploy.json
hyperfine --warmup 1 --runs "${RUNS:-10}" --export-json "$out" \
  --command-name 'anchor: npm run synth && kubectl apply -f dist && kubectl rollout status (each workload)' "$anchor" \
  --command-name 'ours: npm run deploy, nothing changed' "$deploy 2>/dev/null" >&2
node bench/report-ratio.js "$out"
