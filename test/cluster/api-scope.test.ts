// Needs: cluster
/**
 * The API's cluster-scoped kinds that synth and deploy use (lib/model/api-scope.ts) are the ones
 * the test cluster's API server serves without a namespace: an upgrade that adds or moves a kind
 * fails here, not in a user's apply.
 */
import { CLUSTER_SCOPED_KINDS } from '../../lib/model/api-scope';
import { kubectlOk } from '../support/cluster';

/** Kubernetes 1.34's cluster-scoped kinds in alpha or beta APIs that are off by default. */
const OFF_BY_DEFAULT = ['ClusterTrustBundle', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'StorageVersion', 'StorageVersionMigration'];

test("CLUSTER_SCOPED_KINDS is the test cluster's `kubectl api-resources --namespaced=false` (built-in groups)", () => {
  const lines = kubectlOk(['api-resources', '--namespaced=false', '--no-headers']).trim().split('\n');
  // The columns: NAME [SHORTNAMES] APIVERSION NAMESPACED KIND; custom resources (a CRD another test installed) are not the API's own.
  const served = lines.map((line) => line.trim().split(/\s+/)).filter((cols) => !/\.(dapr\.io|example\.com|todo-k8s\.dev)\//.test(cols[cols.length - 3]) && cols[cols.length - 3].split('/').length <= 2)
    .map((cols) => ({ apiVersion: cols[cols.length - 3], kind: cols[cols.length - 1] }));
  const builtIn = served.filter(({ apiVersion }) => !apiVersion.includes('/') || /(^|\.)k8s\.io\/|^(apps|batch|policy|autoscaling)\//.test(apiVersion));
  const servedKinds = new Set(builtIn.map((r) => r.kind));
  expect([...servedKinds].filter((k) => !CLUSTER_SCOPED_KINDS.has(k))).toEqual([]);
  // The list also knows the cluster-scoped kinds of APIs a cluster serves only when an alpha or
  // beta API is turned on (--runtime-config), which the test cluster leaves off: no other.
  expect([...CLUSTER_SCOPED_KINDS].filter((k) => !servedKinds.has(k)).sort()).toEqual(OFF_BY_DEFAULT);
});
