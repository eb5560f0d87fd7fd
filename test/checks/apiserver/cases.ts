/**
 * Objects a user might add, good and bad, across every kind the project writes (plus a
 * CustomResourceDefinition and its custom resources): the validator's tests judge them alone,
 * and the differential test (test/cluster/validator-agrees.test.ts) sends each to the validator
 * and to the test cluster's API server and compares the answers.
 */

/** Where a case's objects go: its namespace, and a suffix that keeps cluster-wide names apart. */
export interface CaseContext {
  readonly ns: string;
  readonly id: string;
}

type Obj = Record<string, any>;

/** One case: an object, and what the server answers for it. */
export interface ValidatorCase {
  readonly name: string;
  readonly object: (c: CaseContext) => Obj;
  /**
   * The HTTP status of a server-side dry-run create: 201 created, 422 invalid, 400 bad request
   * (strict decoding), 403 forbidden (Pod Security admission refusing a Pod).
   * @default 201
   */
  readonly code?: number;
  /** A field path the refusal names (a Status cause, or the unknown field of a strict decoding error). */
  readonly field?: string;
  /** A text the message contains (the server's words). */
  readonly says?: string | RegExp;
  /**
   * Pod Security admission has a verdict on it (a refused Pod, or a workload's warning).
   * @default false
   */
  readonly podSecurity?: boolean;
  /**
   * A custom resource of GADGET_CRD: the definition must be in the input (validator) or
   * installed (server).
   * @default false
   */
  readonly custom?: boolean;
}

// --- building blocks -----------------------------------------------------------------------

/** A pod spec that meets the Pod Security Standard "restricted". */
export function podSpec(mutate: (s: Obj, c: Obj) => void = () => {}): Obj {
  const spec: Obj = {
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{
      name: 'app',
      image: 'registry.example/app:1.0',
      ports: [{ name: 'http', containerPort: 8000 }],
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
    }],
  };
  mutate(spec, spec.containers[0]);
  return spec;
}

const labels = { app: 'web' };

export function deployment(c: CaseContext, mutate: (d: Obj, s: Obj, container: Obj) => void = () => {}, name = 'web'): Obj {
  const d: Obj = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: c.ns }, spec: { replicas: 2, selector: { matchLabels: { ...labels } }, template: { metadata: { labels: { ...labels } }, spec: podSpec() } } };
  mutate(d, d.spec.template.spec, d.spec.template.spec.containers[0]);
  return d;
}

function statefulSet(c: CaseContext, mutate: (s: Obj) => void = () => {}): Obj {
  const s: Obj = {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: c.ns },
    spec: {
      serviceName: 'db', replicas: 1, selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: podSpec((_s, ct) => (ct.volumeMounts = [{ name: 'data', mountPath: '/data' }])) },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  };
  mutate(s);
  return s;
}

function service(c: CaseContext, spec: Obj, name = 'web'): Obj {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: c.ns }, spec: { selector: { ...labels }, ...spec } };
}

function job(c: CaseContext, mutate: (j: Obj) => void = () => {}): Obj {
  const j: Obj = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: c.ns }, spec: { backoffLimit: 2, template: { spec: podSpec((s) => (s.restartPolicy = 'Never')) } } };
  mutate(j);
  return j;
}

function cronJob(c: CaseContext, mutate: (j: Obj) => void = () => {}): Obj {
  const j: Obj = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly', namespace: c.ns }, spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: podSpec((s) => (s.restartPolicy = 'OnFailure')) } } } } };
  mutate(j);
  return j;
}

function hpa(c: CaseContext, spec: Obj = {}): Obj {
  return {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: c.ns },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }], ...spec },
  };
}

function pdb(c: CaseContext, spec: Obj): Obj {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: c.ns }, spec: { selector: { matchLabels: { ...labels } }, ...spec } };
}

function ingress(c: CaseContext, mutate: (spec: Obj, path: Obj) => void = () => {}): Obj {
  const i: Obj = {
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: c.ns },
    spec: { rules: [{ host: 'todo.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
  };
  mutate(i.spec, i.spec.rules[0].http.paths[0]);
  return i;
}

function networkPolicy(c: CaseContext, spec: Obj): Obj {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web', namespace: c.ns }, spec: { podSelector: { matchLabels: { ...labels } }, ...spec } };
}

function pvc(c: CaseContext, spec: Obj): Obj {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: c.ns }, spec };
}

function role(c: CaseContext, rules: Obj[]): Obj {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader', namespace: c.ns }, rules };
}

function roleBinding(c: CaseContext, mutate: (b: Obj) => void = () => {}): Obj {
  const b: Obj = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'reader', namespace: c.ns }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' }, subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: c.ns }] };
  mutate(b);
  return b;
}

function clusterRole(c: CaseContext, body: Obj): Obj {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: `todo-validator-${c.id}` }, ...body };
}

// --- the custom resource definition --------------------------------------------------------

export const GADGET_GROUP = (c: CaseContext) => `v${c.id}.validator.test.todo-k8s.dev`;

/** A definition with what the API server's CRD validation checks: structure, RE2 patterns, enums, CEL, formats. */
export function gadgetCrd(c: CaseContext, scope: 'Namespaced' | 'Cluster' = 'Namespaced', kind = 'Gadget'): Obj {
  const plural = `${kind.toLowerCase()}s`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${plural}.${GADGET_GROUP(c)}` },
    spec: {
      group: GADGET_GROUP(c), scope, names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      versions: [{
        name: 'v1', served: true, storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object', required: ['size'],
                'x-kubernetes-validations': [{ rule: 'self.minReplicas <= self.maxReplicas', message: 'minReplicas must not exceed maxReplicas' }],
                properties: {
                  size: { type: 'integer', minimum: 1 },
                  color: { type: 'string', enum: ['red', 'blue'] },
                  // RE2 syntax JavaScript's RegExp refuses: a leading (?i) flag (and an escaped _).
                  handle: { type: 'string', pattern: '(?i)^[a-z\\_]+$' },
                  // Exponential backtracking for a backtracking engine; linear for RE2.
                  code: { type: 'string', pattern: '^(a+)+$' },
                  since: { type: 'string', format: 'date-time' },
                  minReplicas: { type: 'integer', default: 1 },
                  maxReplicas: { type: 'integer', default: 3 },
                  port: { 'x-kubernetes-int-or-string': true },
                  extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                },
              },
            },
          },
        },
      }],
    },
  };
}

export function gadget(c: CaseContext, spec: Obj, name = 'g1'): Obj {
  return { apiVersion: `${GADGET_GROUP(c)}/v1`, kind: 'Gadget', metadata: { name, namespace: c.ns }, spec };
}

// --- the cases -----------------------------------------------------------------------------

/** The objects issue 21 found published although the server refuses them. */
export const ISSUE_CASES: ValidatorCase[] = [
  { name: 'Deployment whose selector does not match its template', object: (c) => deployment(c, (d) => (d.spec.template.metadata.labels = { app: 'other' })), code: 422, field: 'spec.template.metadata.labels', says: '`selector` does not match template `labels`' },
  { name: 'Service with duplicate ports', object: (c) => service(c, { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] }), code: 422, field: 'spec.ports[1]', says: 'Duplicate value' },
  { name: 'Service with two ports without names', object: (c) => service(c, { ports: [{ port: 80 }, { port: 81 }] }), code: 422, field: 'spec.ports[0].name', says: 'Required value' },
  { name: 'HPA with minReplicas above maxReplicas', object: (c) => hpa(c, { minReplicas: 5, maxReplicas: 3 }), code: 422, field: 'spec.maxReplicas', says: 'must be greater than or equal to `minReplicas`' },
  { name: 'PDB with both minAvailable and maxUnavailable', object: (c) => pdb(c, { minAvailable: 1, maxUnavailable: 1 }), code: 422, field: 'spec', says: 'minAvailable and maxUnavailable cannot be both set' },
  { name: 'CronJob with schedule 61 * * * *', object: (c) => cronJob(c, (j) => (j.spec.schedule = '61 * * * *')), code: 422, field: 'spec.schedule' },
  { name: 'CronJob with time zone Europe/Berln', object: (c) => cronJob(c, (j) => (j.spec.timeZone = 'Europe/Berln')), code: 422, field: 'spec.timeZone', says: 'unknown time zone Europe/Berln' },
  { name: 'env var with both value and valueFrom', object: (c) => deployment(c, (_d, _s, ct) => (ct.env = [{ name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }])), code: 422, field: 'spec.template.spec.containers[0].env[0].valueFrom', says: 'may not be specified when `value` is not empty' },
  { name: 'volumeMount of a volume that does not exist', object: (c) => deployment(c, (_d, _s, ct) => (ct.volumeMounts = [{ name: 'cache', mountPath: '/cache' }])), code: 422, field: 'spec.template.spec.containers[0].volumeMounts[0].name', says: 'Not found' },
  { name: 'Job with negative completions', object: (c) => job(c, (j) => (j.spec.completions = -1)), code: 422, field: 'spec.completions' },
  { name: 'Ingress path with //', object: (c) => ingress(c, (_s, p) => (p.path = '/api//v1')), code: 422, field: 'spec.rules[0].http.paths[0].path', says: "must not contain '//'" },
  { name: 'ConfigMap key with /', object: (c) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config', namespace: c.ns }, data: { 'a/b': 'x' } }), code: 422, field: 'data[a/b]' },
  { name: 'Role with nonResourceURLs', object: (c) => role(c, [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }]), code: 422, field: 'rules[0].nonResourceURLs', says: 'namespaced rules cannot apply to non-resource URLs' },
  { name: 'liveness probe with successThreshold: 2', object: (c) => deployment(c, (_d, _s, ct) => (ct.livenessProbe = { httpGet: { path: '/health', port: 'http' }, successThreshold: 2 })), code: 422, field: 'spec.template.spec.containers[0].livenessProbe.successThreshold', says: 'must be 1' },
];

/** Good objects of every kind the project writes: the server creates each. */
export const GOOD_CASES: ValidatorCase[] = [
  { name: 'Namespace enforcing restricted', object: (c) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `todo-validator-${c.id}`, labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' } } }) },
  { name: 'Deployment', object: (c) => deployment(c) },
  { name: 'Deployment with probes, env from a Secret, an emptyDir and resources', object: (c) => deployment(c, (_d, s, ct) => {
    s.volumes = [{ name: 'tmp', emptyDir: {} }];
    ct.volumeMounts = [{ name: 'tmp', mountPath: '/tmp' }];
    ct.env = [{ name: 'DATABASE_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }, { name: 'PORT', value: '8000' }];
    ct.readinessProbe = { httpGet: { path: '/health', port: 'http' }, periodSeconds: 5 };
    ct.livenessProbe = { tcpSocket: { port: 8000 }, failureThreshold: 3 };
    ct.resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } };
  }) },
  { name: 'StatefulSet with a volume claim template', object: (c) => statefulSet(c) },
  { name: 'Service (ClusterIP)', object: (c) => service(c, { ports: [{ name: 'http', port: 80, targetPort: 'http' }] }) },
  { name: 'Service (NodePort, fixed port)', object: (c) => service(c, { type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 8000, nodePort: 31234 + (parseInt(c.id, 16) % 500) }] }, 'web-nodeport') },
  { name: 'Service (NodePort, allocated port)', object: (c) => service(c, { type: 'NodePort', ports: [{ name: 'http', port: 80 }] }, 'web-np2') },
  { name: 'Service (headless)', object: (c) => service(c, { clusterIP: 'None', ports: [{ name: 'pg', port: 5432 }] }, 'db') },
  { name: 'ConfigMap', object: (c) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config', namespace: c.ns }, data: { 'app.conf': 'x=1', LOG_LEVEL: 'info' }, binaryData: { 'logo.png': 'iVBORw0KGgo=' } }) },
  { name: 'Secret (Opaque)', object: (c) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: c.ns }, type: 'Opaque', data: { password: 'c2VjcmV0' } }) },
  { name: 'NetworkPolicy', object: (c) => networkPolicy(c, { policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ protocol: 'TCP', port: 8000 }] }], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ protocol: 'UDP', port: 53 }] }] }) },
  { name: 'Job', object: (c) => job(c) },
  { name: 'CronJob with a time zone', object: (c) => cronJob(c, (j) => (j.spec.timeZone = 'Europe/Berlin')) },
  { name: 'HorizontalPodAutoscaler', object: (c) => hpa(c) },
  { name: 'PodDisruptionBudget', object: (c) => pdb(c, { minAvailable: 1 }) },
  { name: 'PodDisruptionBudget with a percentage', object: (c) => pdb(c, { maxUnavailable: '50%' }) },
  { name: 'Ingress with TLS', object: (c) => ingress(c, (s) => (s.tls = [{ hosts: ['todo.example.com'], secretName: 'tls' }])) },
  { name: 'ServiceAccount', object: (c) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: c.ns }, automountServiceAccountToken: false }) },
  { name: 'Role', object: (c) => role(c, [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }]) },
  { name: 'RoleBinding', object: (c) => roleBinding(c) },
  { name: 'ClusterRole', object: (c) => clusterRole(c, { rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] }) },
  { name: 'PersistentVolumeClaim', object: (c) => pvc(c, { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }) },
  { name: 'Deployment with generateName', object: (c) => ({ ...deployment(c), metadata: { generateName: 'web-', namespace: c.ns } }) },
];

/** Bad objects, one rule each, cross-field rules included. */
export const BAD_CASES: ValidatorCase[] = [
  // Namespace
  { name: 'Namespace with an upper-case name', object: (c) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `Todo-${c.id}` } }), code: 422, field: 'metadata.name' },
  { name: 'Namespace with an unknown Pod Security level', object: (c) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `todo-psa-${c.id}`, labels: { 'pod-security.kubernetes.io/enforce': 'strict' } } }), code: 422, says: 'must be one of privileged, baseline, restricted' },
  // Deployment
  { name: 'Deployment with negative replicas', object: (c) => deployment(c, (d) => (d.spec.replicas = -1)), code: 422, field: 'spec.replicas' },
  { name: 'Deployment without an image', object: (c) => deployment(c, (_d, _s, ct) => delete ct.image), code: 422, field: 'spec.template.spec.containers[0].image', says: 'Required value' },
  { name: 'Deployment with two containers of one name', object: (c) => deployment(c, (_d, s) => s.containers.push({ ...s.containers[0], ports: [] })), code: 422, field: 'spec.template.spec.containers[1].name', says: 'Duplicate value' },
  { name: 'Deployment with containerPort 70000', object: (c) => deployment(c, (_d, _s, ct) => (ct.ports[0].containerPort = 70000)), code: 422, field: 'spec.template.spec.containers[0].ports[0].containerPort' },
  { name: 'Deployment with a port name longer than 15 characters', object: (c) => deployment(c, (_d, _s, ct) => (ct.ports[0].name = 'http-for-the-backend')), code: 422, field: 'spec.template.spec.containers[0].ports[0].name' },
  { name: 'Deployment with an unknown field', object: (c) => deployment(c, (_d, _s, ct) => (ct.imagePullPolcy = 'Never')), code: 400, field: 'spec.template.spec.containers[0].imagePullPolcy', says: 'strict decoding error: unknown field' },
  { name: 'Deployment with replicas as a string', object: (c) => deployment(c, (d) => (d.spec.replicas = 'two')), code: 400, says: 'cannot be handled as a Deployment' },
  { name: 'Deployment with restartPolicy Never', object: (c) => deployment(c, (_d, s) => (s.restartPolicy = 'Never')), code: 422, field: 'spec.template.spec.restartPolicy', says: 'Unsupported value' },
  { name: 'Deployment with request above limit', object: (c) => deployment(c, (_d, _s, ct) => (ct.resources = { requests: { memory: '512Mi' }, limits: { memory: '256Mi' } })), code: 422, field: 'spec.template.spec.containers[0].resources.requests', says: 'must be less than or equal to memory limit' },
  { name: 'Deployment with maxSurge and maxUnavailable both 0', object: (c) => deployment(c, (d) => (d.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } })), code: 422, field: 'spec.strategy.rollingUpdate.maxUnavailable' },
  { name: 'Deployment with an invalid label value', object: (c) => deployment(c, (d) => (d.metadata.labels = { tier: 'back end' })), code: 422, field: 'metadata.labels' },
  { name: 'Deployment with an upper-case name', object: (c) => deployment(c, () => {}, 'Web'), code: 422, field: 'metadata.name' },
  // The kubelet fails such a probe forever; the server accepts it (lib/checks refuses it).
  { name: 'Deployment with a probe port name its container lacks (the server accepts it)', object: (c) => deployment(c, (_d, _s, ct) => (ct.readinessProbe = { httpGet: { path: '/', port: 'metrics' } })), code: 201 },
  { name: 'Deployment with a probe without a handler', object: (c) => deployment(c, (_d, _s, ct) => (ct.readinessProbe = { periodSeconds: 5 })), code: 422, field: 'spec.template.spec.containers[0].readinessProbe', says: 'must specify a handler type' },
  { name: 'Deployment with an emptyDir and a hostPath of one name', object: (c) => deployment(c, (_d, s) => (s.volumes = [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }])), code: 422, field: 'spec.template.spec.volumes[1].name', says: 'Duplicate value' },
  { name: 'Deployment whose pods escalate privileges (Pod Security warns)', object: (c) => deployment(c, (_d, _s, ct) => (ct.securityContext.allowPrivilegeEscalation = true)), code: 201, podSecurity: true },
  { name: 'Deployment whose pods run as root (Pod Security warns)', object: (c) => deployment(c, (_d, s) => (s.securityContext = { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } })), code: 201, podSecurity: true },
  { name: 'Deployment with a hostPath volume (Pod Security warns)', object: (c) => deployment(c, (_d, s) => (s.volumes = [{ name: 'host', hostPath: { path: '/etc' } }])), code: 201, podSecurity: true },
  { name: 'Pod that escalates privileges (Pod Security refuses)', object: (c) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: c.ns }, spec: podSpec((_s, ct) => (ct.securityContext.allowPrivilegeEscalation = true)) }), code: 403, podSecurity: true, says: 'violates PodSecurity "restricted:latest"' },
  { name: 'Pod without a seccomp profile (Pod Security refuses)', object: (c) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p2', namespace: c.ns }, spec: podSpec((s) => delete s.securityContext.seccompProfile) }), code: 403, podSecurity: true, says: 'seccompProfile' },
  // StatefulSet
  { name: 'StatefulSet whose selector does not match its template', object: (c) => statefulSet(c, (s) => (s.spec.selector.matchLabels = { app: 'other' })), code: 422, field: 'spec.template.metadata.labels' },
  { name: 'StatefulSet with an unknown podManagementPolicy', object: (c) => statefulSet(c, (s) => (s.spec.podManagementPolicy = 'AllAtOnce')), code: 422, field: 'spec.podManagementPolicy' },
  { name: 'StatefulSet whose claim template asks for no storage', object: (c) => statefulSet(c, (s) => (s.spec.volumeClaimTemplates[0].spec.resources = {})), code: 422, field: 'spec.volumeClaimTemplates[0].spec.resources[storage]' },
  // Service
  { name: 'Service with a nodePort while ClusterIP', object: (c) => service(c, { ports: [{ name: 'http', port: 80, nodePort: 31000 }] }), code: 422, field: 'spec.ports[0].nodePort', says: "may not be used when `type` is 'ClusterIP'" },
  // A dry run does not check the NodePort range (portallocator: a dry-run allocation only asks
  // whether the port is taken); a real create refuses it. lib/checks keeps its own range check.
  { name: 'Service with nodePort 80 (a dry run accepts it; a real create does not)', object: (c) => service(c, { type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 80 }] }), code: 201 },
  { name: 'Service with port 0', object: (c) => service(c, { ports: [{ name: 'http', port: 0 }] }), code: 422, field: 'spec.ports[0].port' },
  { name: 'Service with an unknown type', object: (c) => service(c, { type: 'Internal', ports: [{ name: 'http', port: 80 }] }), code: 422, field: 'spec.type', says: 'Unsupported value' },
  { name: 'Service with a clusterIP outside the Service range', object: (c) => service(c, { clusterIP: '192.168.7.7', ports: [{ name: 'http', port: 80 }] }), code: 422, field: 'spec.clusterIPs' },
  { name: 'Service with a name that starts with a digit', object: (c) => service(c, { ports: [{ name: 'http', port: 80 }] }, '1web'), code: 422, field: 'metadata.name' },
  { name: 'Service with a targetPort name that is too long', object: (c) => service(c, { ports: [{ name: 'http', port: 80, targetPort: 'http-for-the-backend' }] }), code: 422, field: 'spec.ports[0].targetPort' },
  { name: 'headless Service with a NodePort type', object: (c) => service(c, { type: 'NodePort', clusterIP: 'None', ports: [{ name: 'http', port: 80 }] }), code: 422, field: 'spec.clusterIPs[0]' },
  // ConfigMap, Secret
  { name: 'ConfigMap with one key in data and binaryData', object: (c) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config', namespace: c.ns }, data: { k: 'x' }, binaryData: { k: 'eA==' } }), code: 422, field: 'data[k]', says: 'duplicate of key present in binaryData' },
  { name: 'ConfigMap with binaryData that is not base64', object: (c) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config', namespace: c.ns }, binaryData: { k: 'not base64!' } }), code: 400, says: 'illegal base64' },
  { name: 'Secret with a key with a space', object: (c) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: c.ns }, stringData: { 'pass word': 'x' } }), code: 422, field: 'data[pass word]' },
  { name: 'TLS Secret without tls.key', object: (c) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls', namespace: c.ns }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'x' } }), code: 422, field: 'data[tls.key]', says: 'Required value' },
  // NetworkPolicy
  { name: 'NetworkPolicy with a bad CIDR', object: (c) => networkPolicy(c, { egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }] }), code: 422, field: 'spec.egress[0].to[0].ipBlock.cidr' },
  { name: 'NetworkPolicy with an except outside its CIDR', object: (c) => networkPolicy(c, { egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['192.168.0.0/24'] } }] }] }), code: 422, field: 'spec.egress[0].to[0].ipBlock.except[0]', says: 'must be a strict subset of `cidr`' },
  { name: 'NetworkPolicy with protocol HTTP', object: (c) => networkPolicy(c, { ingress: [{ ports: [{ protocol: 'HTTP', port: 80 }] }] }), code: 422, field: 'spec.ingress[0].ports[0].protocol' },
  { name: 'NetworkPolicy with an unknown policy type', object: (c) => networkPolicy(c, { policyTypes: ['Inbound'] }), code: 422, field: 'spec.policyTypes[0]' },
  { name: 'NetworkPolicy with endPort below port', object: (c) => networkPolicy(c, { ingress: [{ ports: [{ protocol: 'TCP', port: 9000, endPort: 8000 }] }] }), code: 422, field: 'spec.ingress[0].ports[0].endPort', says: 'must be greater than or equal to `port`' },
  // Job, CronJob
  { name: 'Job with restartPolicy Always', object: (c) => job(c, (j) => (j.spec.template.spec.restartPolicy = 'Always')), code: 422, field: 'spec.template.spec.restartPolicy' },
  { name: 'Job with negative parallelism', object: (c) => job(c, (j) => (j.spec.parallelism = -2)), code: 422, field: 'spec.parallelism' },
  { name: 'Job with negative backoffLimit', object: (c) => job(c, (j) => (j.spec.backoffLimit = -1)), code: 422, field: 'spec.backoffLimit' },
  { name: 'Job with a negative ttlSecondsAfterFinished', object: (c) => job(c, (j) => (j.spec.ttlSecondsAfterFinished = -1)), code: 422, field: 'spec.ttlSecondsAfterFinished' },
  { name: 'Indexed Job with a negative backoffLimitPerIndex', object: (c) => job(c, (j) => Object.assign(j.spec, { completionMode: 'Indexed', completions: 2, backoffLimitPerIndex: -1 })), code: 422, field: 'spec.backoffLimitPerIndex' },
  { name: 'CronJob with an unknown concurrencyPolicy', object: (c) => cronJob(c, (j) => (j.spec.concurrencyPolicy = 'Never')), code: 422, field: 'spec.concurrencyPolicy' },
  { name: 'CronJob with TZ= in its schedule', object: (c) => cronJob(c, (j) => (j.spec.schedule = 'TZ=UTC 0 3 * * *')), code: 422, field: 'spec.schedule', says: 'cannot use TZ or CRON_TZ in schedule' },
  { name: 'CronJob with negative startingDeadlineSeconds', object: (c) => cronJob(c, (j) => (j.spec.startingDeadlineSeconds = -5)), code: 422, field: 'spec.startingDeadlineSeconds' },
  { name: 'CronJob whose job template restarts Always', object: (c) => cronJob(c, (j) => (j.spec.jobTemplate.spec.template.spec.restartPolicy = 'Always')), code: 422, field: 'spec.jobTemplate.spec.template.spec.restartPolicy' },
  // HPA, PDB
  { name: 'HPA with maxReplicas 0', object: (c) => hpa(c, { minReplicas: 1, maxReplicas: 0 }), code: 422, field: 'spec.maxReplicas' },
  { name: 'HPA with a utilization target of 0', object: (c) => hpa(c, { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } } }] }), code: 422, field: 'spec.metrics[0].resource.target.averageUtilization' },
  { name: 'HPA without a target kind', object: (c) => hpa(c, { scaleTargetRef: { apiVersion: 'apps/v1', name: 'web' } }), code: 422, field: 'spec.scaleTargetRef.kind' },
  { name: 'PDB with minAvailable 150%', object: (c) => pdb(c, { minAvailable: '150%' }), code: 422, field: 'spec.minAvailable' },
  { name: 'PDB with negative maxUnavailable', object: (c) => pdb(c, { maxUnavailable: -1 }), code: 422, field: 'spec.maxUnavailable' },
  // Ingress
  { name: 'Ingress path without pathType', object: (c) => ingress(c, (_s, p) => delete p.pathType), code: 422, field: 'spec.rules[0].http.paths[0].pathType', says: 'Required value' },
  { name: 'Ingress backend with a port name and number', object: (c) => ingress(c, (_s, p) => (p.backend.service.port = { name: 'http', number: 80 })), code: 422, field: 'spec.rules[0].http.paths[0].backend', says: 'cannot set both port name & port number' },
  { name: 'Ingress with a wildcard host in the middle', object: (c) => ingress(c, (s) => (s.rules[0].host = 'todo.*.example.com')), code: 422, field: 'spec.rules[0].host' },
  { name: 'Ingress path that does not start with /', object: (c) => ingress(c, (_s, p) => (p.path = 'api')), code: 422, field: 'spec.rules[0].http.paths[0].path' },
  { name: 'Ingress backend without a service or resource', object: (c) => ingress(c, (_s, p) => (p.backend = {})), code: 422, field: 'spec.rules[0].http.paths[0].backend' },
  // ServiceAccount, RBAC
  { name: 'ServiceAccount with an invalid name', object: (c) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web_sa', namespace: c.ns } }), code: 422, field: 'metadata.name' },
  { name: 'Role rule without verbs', object: (c) => role(c, [{ apiGroups: [''], resources: ['pods'], verbs: [] }]), code: 422, field: 'rules[0].verbs', says: 'Required value' },
  { name: 'RoleBinding to a Deployment kind', object: (c) => roleBinding(c, (b) => (b.roleRef.kind = 'Deployment')), code: 422, field: 'roleRef.kind' },
  { name: 'RoleBinding with a subject of unknown kind', object: (c) => roleBinding(c, (b) => (b.subjects = [{ kind: 'Robot', name: 'r2' }])), code: 422, field: 'subjects[0].kind' },
  { name: 'RoleBinding without a role name', object: (c) => roleBinding(c, (b) => (b.roleRef.name = '')), code: 422, field: 'roleRef.name' },
  { name: 'ClusterRole rule without verbs', object: (c) => clusterRole(c, { rules: [{ apiGroups: [''], resources: ['nodes'] }] }), code: 422, field: 'rules[0].verbs' },
  // PersistentVolumeClaim
  { name: 'PVC with an unknown access mode', object: (c) => pvc(c, { accessModes: ['ReadWriteEverywhere'], resources: { requests: { storage: '1Gi' } } }), code: 422, field: 'spec.accessModes' },
  { name: 'PVC without a storage request', object: (c) => pvc(c, { accessModes: ['ReadWriteOnce'] }), code: 422, field: 'spec.resources[storage]', says: 'Required value' },
  { name: 'PVC with a negative storage request', object: (c) => pvc(c, { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '-1Gi' } } }), code: 422, field: 'spec.resources[storage]', says: 'must be greater than zero' },
  { name: 'PVC with an invalid storage class name', object: (c) => pvc(c, { storageClassName: 'Fast SSD', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }), code: 422, field: 'spec.storageClassName' },
  // Metadata, any kind
  { name: 'an annotation with an invalid key', object: (c) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config', namespace: c.ns, annotations: { 'example.com/a/b': 'x' } } }), code: 422, field: 'metadata.annotations' },
  { name: 'a label with a value of 64 characters', object: (c) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config', namespace: c.ns, labels: { tier: 'x'.repeat(64) } } }), code: 422, field: 'metadata.labels' },
  { name: 'an object with neither name nor generateName', object: (c) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: c.ns } }), code: 422, field: 'metadata.name', says: 'name or generateName is required' },
];

/** A CustomResourceDefinition the server refuses. */
export const BAD_CRD_CASES: ValidatorCase[] = [
  { name: 'CRD whose schema has a property without a type', object: (c) => { const crd = gadgetCrd(c, 'Namespaced', 'Widget'); crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.size = {}; return crd; }, code: 422, field: 'spec.validation.openAPIV3Schema.properties[spec].properties[size].type', says: 'Required value' },
  { name: 'CRD with a pattern RE2 cannot compile', object: (c) => { const crd = gadgetCrd(c, 'Namespaced', 'Widget'); crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.handle.pattern = '^(?=a)'; return crd; }, code: 422, field: 'spec.validation.openAPIV3Schema.properties[spec].properties[handle].pattern' },
  { name: 'CRD with a CEL rule that does not compile', object: (c) => { const crd = gadgetCrd(c, 'Namespaced', 'Widget'); crd.spec.versions[0].schema.openAPIV3Schema.properties.spec['x-kubernetes-validations'] = [{ rule: 'self.nosuchfield > 1' }]; return crd; }, code: 422, says: 'compilation failed' },
  { name: 'CRD whose name is not plural.group', object: (c) => ({ ...gadgetCrd(c, 'Namespaced', 'Widget'), metadata: { name: `widget.${GADGET_GROUP(c)}` } }), code: 422, field: 'metadata.name' },
];

/** Custom resources of gadgetCrd: checked against it as the server checks them. */
export const CUSTOM_CASES: ValidatorCase[] = [
  { name: 'a gadget that fits its definition', object: (c) => gadget(c, { size: 2, color: 'red', handle: 'Hello_World', code: 'aaaa', since: '2026-01-01T00:00:00Z', port: 'http', extra: { anything: { goes: [1, 2] } } }), custom: true },
  { name: 'a gadget with defaults applied (minReplicas, maxReplicas)', object: (c) => gadget(c, { size: 1 }), custom: true },
  { name: 'a gadget with an unknown field', object: (c) => gadget(c, { size: 1, colour: 'red' }), custom: true, code: 400, field: 'spec.colour', says: 'strict decoding error: unknown field "spec.colour"' },
  { name: 'a gadget with a value outside its enum', object: (c) => gadget(c, { size: 1, color: 'green' }), custom: true, code: 422, field: 'spec.color', says: 'Unsupported value: "green"' },
  { name: 'a gadget below its minimum', object: (c) => gadget(c, { size: 0 }), custom: true, code: 422, field: 'spec.size' },
  { name: 'a gadget without a required field', object: (c) => gadget(c, { color: 'red' }), custom: true, code: 422, field: 'spec.size', says: 'Required value' },
  { name: 'a gadget of the wrong type', object: (c) => gadget(c, { size: 'big' }), custom: true, code: 422, field: 'spec.size', says: 'must be of type integer' },
  { name: 'a gadget whose handle fails a (?i) RE2 pattern', object: (c) => gadget(c, { size: 1, handle: 'hello-world' }), custom: true, code: 422, field: 'spec.handle', says: "should match '(?i)^[a-z\\_]+$'" },
  { name: 'a gadget whose code would make a backtracking engine run for minutes', object: (c) => gadget(c, { size: 1, code: `${'a'.repeat(40)}!` }), custom: true, code: 422, field: 'spec.code', says: "should match '^(a+)+$'" },
  { name: 'a gadget that breaks its CEL rule', object: (c) => gadget(c, { size: 1, minReplicas: 5, maxReplicas: 2 }), custom: true, code: 422, field: 'spec', says: 'minReplicas must not exceed maxReplicas' },
  { name: 'a gadget with a date-time that is not one', object: (c) => gadget(c, { size: 1, since: 'yesterday' }), custom: true, code: 422, field: 'spec.since' },
  { name: 'a gadget with an invalid name', object: (c) => gadget(c, { size: 1 }, 'G_1'), custom: true, code: 422, field: 'metadata.name' },
];

/**
 * The rules test/cluster/server-agrees.test.ts proves for lib/checks' emulation (Pod Security
 * "restricted" control by control, and the API server rules it lists), as cases of their own.
 */
const pod = (c: CaseContext, name: string, mutate: (s: Obj, ct: Obj) => void): Obj => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: c.ns }, spec: podSpec(mutate) });
const sc = (ct: Obj) => (ct.securityContext ??= {});
export const EXISTING_CASES: ValidatorCase[] = [
  { name: 'Pod Security: host namespaces (hostNetwork)', object: (c) => pod(c, 'host-network', (s) => (s.hostNetwork = true)), code: 403, podSecurity: true, says: 'host namespaces' },
  { name: 'Pod Security: host namespaces (hostPID)', object: (c) => pod(c, 'host-pid', (s) => (s.hostPID = true)), code: 403, podSecurity: true, says: 'host namespaces' },
  { name: 'Pod Security: privileged', object: (c) => pod(c, 'privileged', (_s, ct) => { sc(ct).privileged = true; delete sc(ct).allowPrivilegeEscalation; }), code: 403, podSecurity: true, says: 'privileged' },
  { name: 'Pod Security: hostPath volumes', object: (c) => pod(c, 'host-path', (s) => (s.volumes = [{ name: 'host', hostPath: { path: '/etc' } }])), code: 403, podSecurity: true, says: 'restricted volume type "hostPath"' },
  { name: 'Pod Security: volume types (nfs)', object: (c) => pod(c, 'nfs', (s) => (s.volumes = [{ name: 'nfs', nfs: { server: 'nfs.example', path: '/' } }])), code: 403, podSecurity: true, says: 'restricted volume types' },
  { name: 'Pod Security: host ports', object: (c) => pod(c, 'host-port', (_s, ct) => (ct.ports[0].hostPort = 8000)), code: 403, podSecurity: true, says: 'hostPort' },
  { name: 'Pod Security: appArmor Unconfined', object: (c) => pod(c, 'apparmor', (_s, ct) => (sc(ct).appArmorProfile = { type: 'Unconfined' })), code: 403, podSecurity: true, says: 'forbidden AppArmor profile' },
  { name: 'Pod Security: seLinux type', object: (c) => pod(c, 'selinux', (_s, ct) => (sc(ct).seLinuxOptions = { type: 'spc_t' })), code: 403, podSecurity: true, says: 'seLinuxOptions' },
  { name: 'Pod Security: procMount Unmasked (invalid before admission)', object: (c) => pod(c, 'procmount', (_s, ct) => (sc(ct).procMount = 'Unmasked')), code: 422, field: 'spec.containers[0].securityContext.procMount' },
  { name: 'Pod Security: unsafe sysctl', object: (c) => pod(c, 'sysctl', (s) => (s.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '65536' }])), code: 403, podSecurity: true, says: 'forbidden sysctls' },
  { name: 'Pod Security: privilege escalation', object: (c) => pod(c, 'escalation', (_s, ct) => (sc(ct).allowPrivilegeEscalation = true)), code: 403, podSecurity: true, says: 'allowPrivilegeEscalation != false' },
  { name: 'Pod Security: runAsNonRoot false', object: (c) => pod(c, 'run-as-root', (_s, ct) => (sc(ct).runAsNonRoot = false)), code: 403, podSecurity: true, says: 'runAsNonRoot != true' },
  { name: 'Pod Security: runAsUser 0', object: (c) => pod(c, 'uid-0', (_s, ct) => (sc(ct).runAsUser = 0)), code: 403, podSecurity: true, says: 'runAsUser=0' },
  { name: 'Pod Security: seccomp Unconfined', object: (c) => pod(c, 'seccomp', (s, ct) => { delete s.securityContext.seccompProfile; sc(ct).seccompProfile = { type: 'Unconfined' }; }), code: 403, podSecurity: true, says: 'seccompProfile' },
  { name: 'Pod Security: capabilities not dropping ALL', object: (c) => pod(c, 'caps-drop', (_s, ct) => (sc(ct).capabilities = { drop: ['NET_RAW'] })), code: 403, podSecurity: true, says: 'unrestricted capabilities' },
  { name: 'Pod Security: capabilities adding SYS_ADMIN', object: (c) => pod(c, 'caps-add', (_s, ct) => (sc(ct).capabilities = { drop: ['ALL'], add: ['SYS_ADMIN'] })), code: 403, podSecurity: true, says: 'unrestricted capabilities' },
  { name: 'a label key with a space', object: (c) => deployment(c, (d) => (d.metadata.labels = { 'bad key': 'x' })), code: 422, field: 'metadata.labels' },
  { name: 'a container name with upper case and _', object: (c) => deployment(c, (_d, _s, ct) => (ct.name = 'Backend_1')), code: 422, field: 'spec.template.spec.containers[0].name' },
  { name: 'a CPU request above its limit', object: (c) => deployment(c, (_d, _s, ct) => (ct.resources = { requests: { cpu: '2' }, limits: { cpu: '1' } })), code: 422, field: 'spec.template.spec.containers[0].resources.requests', says: 'must be less than or equal to cpu limit of 1' },
  { name: 'an Ingress of networking.k8s.io/v1beta1 (not served)', object: (c) => ({ apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress', metadata: { name: 'web', namespace: c.ns }, spec: {} }), code: 404, says: 'no matches for kind "Ingress" in version "networking.k8s.io/v1beta1"' },
  { name: 'an unknown kind of apps/v1', object: (c) => ({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'web', namespace: c.ns } }), code: 404, says: 'no matches for kind "Deploymnet" in version "apps/v1"' },
];
