/**
 * Every pod template of every profile meets the Pod Security Standard "restricted" (baseline
 * controls included), and the Namespace makes the API server enforce it. The checker is the
 * synth-time one, lib/checks/pod-security.ts; the second half shows it flags a deliberately bad pod.
 */
import { CheckViolation } from '../../lib/checks';
import { controlOf, restrictedViolations } from '../../lib/checks/pod-security';
import { PodTemplate, podTemplates } from '../../lib/checks/pods';
import { PROFILES } from '../../lib/model/settings/profiles';
import { Manifest, PROFILE_NAMES, synthProfile } from '../support/synth';

/** `path: rule` of each violation. */
const lines = (v: CheckViolation[]) => v.map((x) => `${x.path}: ${x.rule.replace(/ \(Pod Security Standard "restricted", control "[^"]+"\)$/, '')}`);

describe.each(PROFILE_NAMES)('profile %s', (profile) => {
  const namespace = PROFILES[profile].namespace;
  let manifests: Manifest[];
  let pods: PodTemplate[];

  beforeAll(() => {
    manifests = synthProfile(profile);
    pods = podTemplates(manifests);
  });

  test('has pod templates to check', () => {
    expect(pods.length).toBeGreaterThan(0);
  });

  test('every pod template meets "restricted"', () => {
    // Keyed by owner so a failure names the workload and every violated control.
    const byOwner = Object.fromEntries(pods.map((p) => [p.owner, restrictedViolations(p)]));
    expect(byOwner).toEqual(Object.fromEntries(pods.map((p) => [p.owner, []])));
  });

  test('the Namespace enforces "restricted"', () => {
    const ns = manifests.filter((m) => m.kind === 'Namespace');
    expect(ns.map((m) => m.metadata.name)).toEqual([namespace]);
    expect(ns[0].metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('every pod is created in that Namespace, so the enforcement applies to it', () => {
    expect(pods.filter((p) => p.namespace !== namespace).map((p) => p.owner)).toEqual([]);
  });
});

describe('restrictedViolations', () => {
  /** A pod that meets "restricted" with settings on the pod and the container. */
  const goodPod = () => ({
    metadata: {},
    spec: {
      securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
      volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c' } }],
      containers: [
        {
          name: 'app',
          image: 'app:1',
          ports: [{ containerPort: 8080 }],
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } },
        },
      ],
    },
  });

  test('admits a pod that meets "restricted"', () => {
    expect(restrictedViolations(goodPod())).toEqual([]);
  });

  test('admits runAsNonRoot and seccomp set on every container instead of the pod', () => {
    const pod = goodPod();
    pod.spec.securityContext = {} as any;
    Object.assign(pod.spec.containers[0].securityContext, { runAsNonRoot: true, seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } });
    expect(restrictedViolations(pod)).toEqual([]);
  });

  test('flags runAsNonRoot and seccomp set on neither the pod nor an init container', () => {
    const pod = goodPod();
    pod.spec.securityContext = {} as any;
    (pod.spec as any).initContainers = [{ name: 'init', image: 'i:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }];
    Object.assign(pod.spec.containers[0].securityContext, { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    const v = restrictedViolations(pod);
    expect(lines(v)).toEqual([
      'spec.initContainers[0].securityContext.runAsNonRoot: runAsNonRoot is set neither on the container nor on the pod',
      'spec.initContainers[0].securityContext.seccompProfile: no seccompProfile on the container and none on the pod',
    ]);
    expect(v.map(controlOf)).toEqual(['runAsNonRoot', 'seccomp']);
    expect(v[0].fix).toBe('runAsNonRoot: true on the pod or the container');
  });

  test('flags every control on a deliberately bad pod', () => {
    const bad = {
      metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } },
      spec: {
        hostNetwork: true,
        hostPID: true,
        hostIPC: true,
        os: { name: 'windows' },
        securityContext: {
          runAsNonRoot: false,
          runAsUser: 0,
          seccompProfile: { type: 'Unconfined' },
          seLinuxOptions: { type: 'spc_t' },
          sysctls: [{ name: 'kernel.msgmax', value: '65536' }],
          windowsOptions: { hostProcess: true },
        },
        volumes: [{ name: 'host', hostPath: { path: '/' } }, { name: 'nfs', nfs: { server: 's', path: '/' } }],
        containers: [
          {
            name: 'app',
            image: 'app:1',
            ports: [{ containerPort: 80, hostPort: 80 }],
            securityContext: {
              privileged: true,
              allowPrivilegeEscalation: true,
              capabilities: { add: ['SYS_ADMIN'] },
              procMount: 'Unmasked',
              appArmorProfile: { type: 'Unconfined' },
              seLinuxOptions: { user: 'root' },
            },
          },
        ],
      },
    };
    const controls = new Set(restrictedViolations(bad).map(controlOf));
    expect([...controls].sort()).toEqual(
      [
        'appArmor', 'capabilities', 'host namespaces', 'host ports', 'hostPath volumes', 'privilege escalation',
        'privileged', 'procMount', 'runAsNonRoot', 'runAsUser', 'seLinux', 'seccomp', 'sysctls', 'volume types', 'windows',
      ].sort(),
    );
  });

  test('flags a synthesized pod template once a control is broken', () => {
    const pod = podTemplates(synthProfile('local')).find((p) => p.owner === 'todo/Deployment/backend')!;
    const spec = structuredClone(pod.spec);
    spec.containers[0].securityContext.capabilities = { drop: ['ALL'], add: ['NET_RAW'] };
    spec.volumes.push({ name: 'docker', hostPath: { path: '/var/run/docker.sock' } });
    const v = restrictedViolations({ ...pod, spec });
    expect(v.map((x) => `${x.object} ${x.path}`)).toEqual([
      `todo/Deployment/backend spec.template.spec.volumes[${spec.volumes.length - 1}].hostPath`,
      'todo/Deployment/backend spec.template.spec.containers[0].securityContext.capabilities.add',
    ]);
    expect(lines(v)[1]).toBe('spec.template.spec.containers[0].securityContext.capabilities.add: adds capability NET_RAW');
  });
});
