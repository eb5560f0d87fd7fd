/**
 * Updates the API server refuses on an existing object, recognised in its own message, with
 * the setting behind them and what to do. docs/troubleshooting.md ("Changes the cluster refuses
 * as updates") is the same table for people; test/cluster tests each against the real server.
 */
export interface RefusedUpdate {
  /** The server's message, e.g. `The StatefulSet "postgres" is invalid: spec: Forbidden: updates to statefulset spec...`. */
  readonly pattern: RegExp;
  /** The setting that changed it, in the user's words. */
  readonly setting: (name: string) => string;
  /** What to do, for the object `name` in `namespace`. */
  readonly advice: (name: string, namespace: string) => string;
}

export const REFUSED_UPDATES: readonly RefusedUpdate[] = [
  {
    pattern: /StatefulSet(?:\.apps)? "([^"]+)" is invalid: spec: Forbidden: updates to statefulset spec for fields other than/,
    setting: () => '`database.storage` or another part of the StatefulSet fixed at creation (its volumeClaimTemplates)',
    advice: (name, ns) =>
      `the claim keeps its size either way. To grow it, resize the claim where its StorageClass allows it (kubectl -n ${ns} patch pvc data-${name}-0 -p '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}'), ` +
      `then replace the StatefulSet without touching its data: kubectl -n ${ns} delete statefulset ${name} --cascade=orphan && npm run deploy`,
  },
  {
    pattern: /(?:Deployment|StatefulSet|DaemonSet)(?:\.apps)? "([^"]+)" is invalid: spec\.selector: Invalid value: .*field is immutable/,
    setting: () => '`instance` (the workloads\' selector, app.kubernetes.io/instance)',
    advice: (_name, ns) => `a selector cannot change: deploy the new instance into a new namespace (\`namespace:\` in the same values file), or remove the old one first (npm run down; its database claim stays) and deploy again (namespace ${ns})`,
  },
  {
    pattern: /Job(?:\.batch)? "([^"]+)" is invalid: spec\.template: Invalid value: .*field is immutable/,
    setting: (name) => `the pod template of Job ${name} (its image, command or env)`,
    advice: (name, ns) => `a Job runs once; a changed Job is a new Job: delete the finished one (kubectl -n ${ns} delete job ${name}) and deploy again, or give the Job a name that changes with its content`,
  },
];

/** The refused update in one line of the server's output, with the object's name. */
export function recogniseRefusal(line: string): { rule: RefusedUpdate; name: string } | undefined {
  for (const rule of REFUSED_UPDATES) {
    const m = rule.pattern.exec(line);
    if (m) return { rule, name: m[1] };
  }
  return undefined;
}
