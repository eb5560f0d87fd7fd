/**
 * "The pods must run on a real cluster", encoded as tests. The rules that hold for any object are
 * synth-time checks in lib/checks (users, in-cluster URLs, Namespaces, node fit); those tied to
 * this project's images and wiring are in test/support/runnable-rules.ts. Each section checks the
 * synthesized profiles and then feeds a deliberately broken manifest to show the rule can fail.
 */
import { PROFILES } from '../../lib/model/settings/profiles';
import { InClusterDatabase, TodoConfig } from '../../lib/model/settings/types';
import { COMPONENTS, IMAGE_CONTRACTS, ImageContract } from '../../lib/model/contract/image-contract';
import { CheckViolation } from '../../lib/checks';
import {
  inClusterUrls,
  inClusterUrlViolations,
  ingressBackendViolations,
  localFitViolations,
  namespaceViolations,
  runAsUserViolations,
} from '../../lib/checks/kubelet';
import { MINIKUBE_ALLOCATABLE, MINIKUBE_SYSTEM_POD_REQUESTS, peakPods, peakRequests } from '../../lib/checks/node-fit';
import { allContainers, parseImage, PodTemplate, podTemplates } from '../../lib/checks/pods';
import { envReferences } from '../../lib/checks/containers';
import {
  egressViolations,
  envReferenceViolations,
  imageEnvViolations,
  imageTagViolations,
  ingressOnlyFromViolations,
  localPullViolations,
  mountCovering,
  mountSource,
  parentDir,
  probeViolations,
  resourceViolations,
  secretEnvViolations,
  serviceLinkViolations,
  shellVariables,
  writablePathViolations,
} from '../support/runnable-rules';
import { chartFor, envOf, find, Manifest, PROFILE_NAMES, synthProfile } from '../support/synth';
import { Cron, Testing } from 'cdk8s';
import { BatchJob } from '../../lib/constructs/batch-job';

// --- what runs where ---------------------------------------------------------------------------


/**
 * What a container runs: one of our images (with its contract; the frontend's `-migrate` image
 * shares its repository), or the postgres image (the in-cluster server, or the psql that waits for
 * an external database).
 */
type Role = { kind: 'app'; contract: ImageContract } | { kind: 'postgres' };

function roleOf(config: TodoConfig, image: string): Role | undefined {
  const repository = parseImage(image).repository;
  const component = COMPONENTS.find((c) => config.images[c].repository === repository);
  if (component) {
    const contract = IMAGE_CONTRACTS[component];
    const { migration } = contract;
    // The `<tag>-migrate` image runs as its own contract's user with its own writable paths.
    if (migration && parseImage(image).tag?.endsWith(migration.tagSuffix)) {
      return { kind: 'app', contract: { ...contract, user: migration.user, writablePaths: migration.writablePaths } };
    }
    return { kind: 'app', contract };
  }
  if (config.database.kind === 'in-cluster' && image === config.database.image) return { kind: 'postgres' };
  if (config.database.kind === 'external' && image === (config.database.clientImage ?? 'postgres:17-alpine')) return { kind: 'postgres' };
  return undefined;
}

/** A violation as one line, `Kind/name path: rule`. */
const line = (v: CheckViolation) => `${v.object} ${v.path}: ${v.rule}`;

interface ContainerInfo {
  readonly pod: PodTemplate;
  readonly container: any;
  /** `Kind/name containers[i] "name"`, for messages. */
  readonly at: string;
  readonly role?: Role;
}

interface Synthesized {
  readonly config: TodoConfig;
  readonly manifests: Manifest[];
  readonly pods: PodTemplate[];
  readonly containers: ContainerInfo[];
}

/** Each profile is synthesized once for the whole file. */
const cache = new Map<string, Synthesized>();
function load(profile: string): Synthesized {
  let s = cache.get(profile);
  if (!s) {
    const config = PROFILES[profile];
    const manifests = synthProfile(profile);
    const pods = podTemplates(manifests);
    const containers = pods.flatMap((pod) =>
      allContainers(pod.spec).map(({ where, container }) => ({ pod, container, at: `${pod.owner} ${where}`, role: roleOf(config, container.image) })),
    );
    s = { config, manifests, pods, containers };
    cache.set(profile, s);
  }
  return s;
}

/** A deep copy of one synthesized pod template, to break on purpose. */
function brokenPod(profile: string, owner: string): PodTemplate {
  const pod = load(profile).pods.find((p) => p.owner === owner);
  if (!pod) throw new Error(`no pod template ${owner}`);
  return structuredClone(pod);
}

/**
 * Paths PostgreSQL writes under a read-only root: socket dir, /tmp and the data directory. A
 * container of the image with a command of its own runs a client (the clients' wait for the
 * database, pg_isready), which writes nothing.
 */
function postgresWritablePaths(container: any): string[] {
  if (container.command) return [];
  const pgdata = envOf(container).PGDATA?.value;
  return ['/var/run/postgresql', '/tmp', ...(pgdata ? [parentDir(pgdata), pgdata] : [])];
}

/** Env vars whose values come from the Secret, per profile (the cloud's DATABASE_URL is whole in it). */
const SECRET_VARS: Record<string, readonly string[]> = {
  local: ['BETTER_AUTH_SECRET', 'OPENAI_API_KEY', 'POSTGRES_PASSWORD', 'DATABASE_PASSWORD'],
  cloud: ['BETTER_AUTH_SECRET', 'OPENAI_API_KEY', 'DATABASE_URL'],
};

// =================================================================================================

describe.each(PROFILE_NAMES)('profile %s', (profile) => {
  let s: Synthesized;
  beforeAll(() => {
    s = load(profile);
  });

  test('every container runs an image we know (ours or the configured postgres)', () => {
    expect(s.containers.filter((c) => !c.role).map((c) => `${c.at}: ${c.container.image}`)).toEqual([]);
    // Both of our images are deployed, so the per-image rules below are not vacuous.
    const ours = s.containers.flatMap((c) => (c.role?.kind === 'app' ? [c.role.contract.component] : []));
    expect([...new Set(ours)].sort()).toEqual([...COMPONENTS].sort());
  });

  // a
  test('a. every container runs as the numeric uid/gid its image runs as, with runAsNonRoot', () => {
    expect(runAsUserViolations(s.pods, s.config)).toEqual([]);
  });

  // b
  test('b. no pod gets service-link variables injected (enableServiceLinks: false)', () => {
    expect(serviceLinkViolations(s.pods)).toEqual([]);
  });

  test("b. every contract imageEnv entry is restated in the container's env", () => {
    const violations = s.containers.flatMap((c) => (c.role?.kind === 'app' ? imageEnvViolations(c.at, c.container, c.role.contract.imageEnv) : []));
    expect(violations).toEqual([]);
  });

  test('b. the frontend container sets HOSTNAME=0.0.0.0 itself (the runtime sets it to the pod name)', () => {
    const frontend = s.containers.find((c) => c.role?.kind === 'app' && c.role.contract.component === 'frontend')!;
    expect(envOf(frontend.container).HOSTNAME).toEqual({ name: 'HOSTNAME', value: '0.0.0.0' });
  });

  // c
  test('c. every container has a read-only root and a writable volume under every path it writes', () => {
    const violations = s.containers.flatMap((c) => {
      const paths = c.role?.kind === 'app' ? c.role.contract.writablePaths : postgresWritablePaths(c.container);
      return writablePathViolations(c.pod, c.container, paths);
    });
    expect(violations).toEqual([]);
  });

  // d
  test('d. no image is untagged or :latest', () => {
    expect(imageTagViolations(s.pods)).toEqual([]);
  });

  // e
  test('e. every container has requests and limits, and requests <= limits', () => {
    expect(resourceViolations(s.pods)).toEqual([]);
  });

  // f
  test('f. in-cluster URLs name a real Service, one of its ports, and a port its pods expose', () => {
    // The backend fetches the JWKS from the frontend's in-cluster URL in every profile.
    expect(inClusterUrls(s.manifests).length).toBeGreaterThan(0);
    expect(inClusterUrlViolations(s.manifests)).toEqual([]);
  });

  test('f. every Ingress backend is a Service port that reaches a container port', () => {
    expect(ingressBackendViolations(s.manifests)).toEqual([]);
  });

  // g
  test('g. $(VAR) references name a variable defined earlier in the same container', () => {
    expect(s.containers.flatMap((c) => envReferenceViolations(c.at, c.container))).toEqual([]);
  });

  test('g. credentials are secretKeyRefs with no literal value, and no Secret is synthesized', () => {
    const expected = SECRET_VARS[profile];
    expect(s.containers.flatMap((c) => secretEnvViolations(c.at, c.container, expected, s.config.secretName))).toEqual([]);
    // Each of them is actually wired somewhere, so the check above is not vacuous.
    const names = new Set(s.containers.flatMap((c) => (c.container.env ?? []).map((e: any) => e.name)));
    expect(expected.filter((n) => !names.has(n))).toEqual([]);
    expect(s.manifests.filter((m) => m.kind === 'Secret').map((m) => m.metadata.name)).toEqual([]);
  });

  // h
  test('h. no NetworkPolicy restricts Egress (that would cut DNS)', () => {
    expect(egressViolations(s.manifests)).toEqual([]);
  });

  // i
  test('i. every container has readiness and liveness probes aimed at a port it exposes', () => {
    expect(probeViolations(s.pods)).toEqual([]);
  });

  // j
  test('j. the Namespace comes first and every other object is in it', () => {
    expect(s.manifests[0]).toMatchObject({ kind: 'Namespace', metadata: { name: s.config.namespace } });
    expect(namespaceViolations(s.manifests)).toEqual([]);
    expect(s.manifests.filter((m) => m.kind !== 'Namespace' && m.metadata.namespace !== s.config.namespace)).toEqual([]);
  });
});

// =================================================================================================

describe('local profile', () => {
  let s: Synthesized;
  let postgres: ContainerInfo;
  beforeAll(() => {
    s = load('local');
    postgres = s.containers.find((c) => c.role?.kind === 'postgres')!;
  });

  test('a. PostgreSQL runs as the Alpine image\'s postgres uid 70', () => {
    expect(postgres.container.image).toMatch(/-alpine$/);
    expect(postgres.pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 70, runAsGroup: 70 });
  });

  test('c. PGDATA is a subdirectory of a PersistentVolumeClaim mount (initdb refuses lost+found)', () => {
    const pgdata = envOf(postgres.container).PGDATA?.value;
    expect(pgdata).toBeDefined();
    const mount = mountCovering(postgres.container, pgdata);
    expect(mountSource(postgres.pod, mount)).toBe('claim');
    expect(pgdata.startsWith(`${mount.mountPath}/`)).toBe(true);
  });

  test('d. our locally built images are never pulled (no Always)', () => {
    const isOurs = (image: string) => roleOf(s.config, image)?.kind === 'app';
    expect(localPullViolations(s.pods, isOurs)).toEqual([]);
  });

  test('e. at the peak of a rolling update, our pods and the system pods fit a default minikube node', () => {
    // One surge pod per Deployment (maxSurge 1), none for the StatefulSet.
    expect(Object.fromEntries(peakPods(s.manifests).map((p) => [p.owner, p.count]))).toEqual({
      'todo/StatefulSet/postgres': 1,
      'todo/Deployment/frontend': 2,
      'todo/Deployment/backend': 2,
    });
    expect(localFitViolations(s.manifests, s.config)).toEqual([]);
    const peak = peakRequests(s.manifests, Object.values(MINIKUBE_SYSTEM_POD_REQUESTS));
    expect(peak.cpuMillis).toBeLessThanOrEqual(MINIKUBE_ALLOCATABLE.cpuMillis);
    expect(peak.memoryBytes).toBeLessThanOrEqual(MINIKUBE_ALLOCATABLE.memoryBytes);
  });

  test('f. DATABASE_URL reaches PostgreSQL as the user and database it creates, with its password', () => {
    const pgEnv = envOf(postgres.container);
    // The apps, their database wait and the frontend's migration all log in the same way.
    const clients = s.containers.filter((c) => envOf(c.container).DATABASE_URL);
    expect(clients.map((c) => c.at).sort()).toEqual([
      'todo/Deployment/backend containers[0] "backend"',
      'todo/Deployment/backend initContainers[0] "wait-for-database"',
      'todo/Deployment/frontend containers[0] "frontend"',
      'todo/Deployment/frontend initContainers[0] "wait-for-database"',
      'todo/Deployment/frontend initContainers[1] "migrate"',
    ]);
    for (const c of clients) {
      const env = envOf(c.container);
      const url = /^postgresql:\/\/([^:]+):\$\((\w+)\)@postgres\.todo\.svc\.cluster\.local:5432\/(\w+)$/.exec(env.DATABASE_URL.value);
      expect(url).not.toBeNull();
      const [, user, passwordVar, db] = url!;
      expect({ user, db }).toEqual({ user: pgEnv.POSTGRES_USER.value, db: pgEnv.POSTGRES_DB.value });
      // The client's password is the same Secret key the server was initialised with.
      expect(env[passwordVar].valueFrom.secretKeyRef).toEqual(pgEnv.POSTGRES_PASSWORD.valueFrom.secretKeyRef);
    }
  });

  test('h. PostgreSQL admits only the backend and frontend pods, only on 5432', () => {
    const server = s.pods.find((p) => p.owner === 'todo/StatefulSet/postgres')!;
    const clients = s.pods.filter((p) => ['todo/Deployment/backend', 'todo/Deployment/frontend'].includes(p.owner));
    expect(clients).toHaveLength(2);
    expect(ingressOnlyFromViolations(s.manifests, server, clients, 5432)).toEqual([]);
  });

  test('i. PostgreSQL readiness logs in with the password and runs a real query; every probe connects over TCP', () => {
    const c = postgres.container;
    const readiness = (c.readinessProbe.exec?.command ?? []).join(' ');
    expect(readiness).toMatch(/\bpsql\b/);
    expect(readiness).toMatch(/SELECT 1/);
    // The pod IP, not 127.0.0.1: the image's initdb trusts loopback, so only the pod IP tests the password.
    expect(readiness).toMatch(/-h "\$POD_IP"/);
    expect(envOf(c).POD_IP.valueFrom.fieldRef.fieldPath).toBe('status.podIP');
    const port = c.ports.find((p: any) => p.name === 'postgres').containerPort;
    const env = new Set(Object.keys(envOf(c)));
    for (const kind of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      const command: string[] = c[kind]?.exec?.command ?? [];
      const line = command.join(' ');
      // TCP, never the socket: the entrypoint's init server listens only on the socket.
      const host = /(?:^|\s)-h\s+(127\.0\.0\.1|"\$POD_IP")(?:\s|$)/.test(line);
      expect({ kind, line, host, port: /(?:^|\s)-p\s+(\d+)/.exec(line)?.[1] }).toEqual({
        kind,
        line,
        host: true,
        port: String(port),
      });
      // Exec probes run with the container's env; every variable they read must be in it.
      expect(shellVariables(command).filter((v) => !env.has(v))).toEqual([]);
    }
  });
});

describe('cloud profile', () => {
  test('h. uses the external database: no PostgreSQL workload, Service or policy; its image only runs the wait\'s psql', () => {
    const { manifests, containers } = load('cloud');
    expect(manifests.filter((m) => /postgres/.test(m.metadata.name)).map((m) => `${m.kind}/${m.metadata.name}`)).toEqual([]);
    expect(manifests.filter((m) => ['StatefulSet', 'NetworkPolicy'].includes(m.kind))).toEqual([]);
    expect(containers.filter((c) => parseImage(c.container.image).repository.split('/').pop() === 'postgres').map((c) => c.at)).toEqual([
      'todo/Deployment/frontend initContainers[0] "wait-for-database"',
      'todo/Deployment/backend initContainers[0] "wait-for-database"',
    ]);
  });
});

describe('a Debian postgres image', () => {
  test('a. runs as uid 999', () => {
    const manifests = synthProfile('local', (c) => ({ ...c, database: { ...(c.database as InClusterDatabase), image: 'postgres:17' } }));
    const pod = podTemplates(manifests).find((p) => p.owner === 'todo/StatefulSet/postgres')!;
    expect(pod.spec.securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999, fsGroup: 999 });
    expect(pod.spec.containers[0].securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999 });
  });
});

// =================================================================================================
// The rules fail on deliberately broken manifests.

describe('the rules catch broken manifests', () => {
  const config = PROFILES.local;

  test('a. a container whose uid is not the image user, or not stated at all', () => {
    const pod = brokenPod('local', 'todo/Deployment/backend');
    delete pod.spec.securityContext.runAsUser;
    delete pod.spec.containers[0].securityContext.runAsUser;
    const other = brokenPod('local', 'todo/Deployment/frontend');
    other.spec.containers[0].securityContext.runAsUser = 1000;
    expect(runAsUserViolations([pod, other], config).map(line)).toEqual([
      'todo/Deployment/backend spec.template.spec.containers[0].securityContext.runAsUser: runAsUser is not set: with runAsNonRoot the kubelet needs a numeric non-root uid; image todo-backend:dev runs as 10001',
      'todo/Deployment/frontend spec.template.spec.containers[0].securityContext.runAsUser: runAsUser is 1000, but image todo-frontend:dev runs as 10001',
    ]);
    // An image this project knows nothing about still needs a numeric uid; one that states it passes.
    const unknown = brokenPod('local', 'todo/Deployment/backend');
    unknown.spec.containers[0].image = 'ghcr.io/acme/other:1';
    expect(runAsUserViolations([unknown], config)).toEqual([]);
    delete unknown.spec.securityContext.runAsUser;
    delete unknown.spec.containers[0].securityContext.runAsUser;
    expect(runAsUserViolations([unknown], config).map((v) => [v.rule, v.fix])).toEqual([[
      'runAsUser is not set: with runAsNonRoot the kubelet needs a numeric non-root uid, and refuses an image whose USER is a name or 0 unless the pod states the uid',
      'set runAsUser (and runAsGroup) to the numeric user image ghcr.io/acme/other:1 runs as (docker inspect -f \'{{.Config.User}}\' ghcr.io/acme/other:1; for a name, its uid in the image\'s /etc/passwd)',
    ]]);
    expect(runAsUserViolations([pod], config)[0].fix).toBe('runAsUser: 10001 and runAsGroup: 10001');
  });

  test('b. service links left on, and HOSTNAME not restated or overridden', () => {
    const pod = brokenPod('local', 'todo/Deployment/frontend');
    delete pod.spec.enableServiceLinks;
    expect(serviceLinkViolations([pod])).toEqual(['todo/Deployment/frontend: enableServiceLinks is not false']);
    const c = pod.spec.containers[0];
    const imageEnv = IMAGE_CONTRACTS.frontend.imageEnv;
    expect(imageEnvViolations('f', { ...c, env: c.env.filter((e: any) => e.name !== 'HOSTNAME') }, imageEnv)).toEqual([
      'f: image env HOSTNAME=0.0.0.0 is not restated in the container',
    ]);
    expect(imageEnvViolations('f', { ...c, env: [...c.env, { name: 'HOSTNAME', value: 'frontend-abc' }] }, imageEnv)).toEqual(['f: HOSTNAME is set 2 times']);
  });

  test('c. a writable path left on the read-only root, and a mount of a missing volume', () => {
    const pod = brokenPod('local', 'todo/Deployment/frontend');
    const c = pod.spec.containers[0];
    c.volumeMounts = c.volumeMounts.filter((m: any) => m.mountPath !== '/app/.next/cache');
    pod.spec.volumes = pod.spec.volumes.filter((v: any) => v.name !== 'tmp');
    expect(writablePathViolations(pod, c, IMAGE_CONTRACTS.frontend.writablePaths)).toEqual([
      'todo/Deployment/frontend container "frontend": /app/.next/cache is written to but is on the read-only root',
      'todo/Deployment/frontend container "frontend": mount /tmp names volume "tmp", which the pod does not have',
    ]);
    c.securityContext.readOnlyRootFilesystem = false;
    expect(writablePathViolations(pod, c, [])[0]).toBe('todo/Deployment/frontend container "frontend": readOnlyRootFilesystem is not true');
  });

  test('d. an untagged image, which also defaults to pulling Always', () => {
    const pod = brokenPod('local', 'todo/Deployment/backend');
    pod.spec.containers[0].image = 'todo-backend';
    delete pod.spec.containers[0].imagePullPolicy;
    expect(imageTagViolations([pod])).toEqual(['todo/Deployment/backend containers[0] "backend": image todo-backend is not pinned to a tag']);
    expect(localPullViolations([pod], () => true)).toEqual([
      'todo/Deployment/backend containers[0] "backend": locally built image todo-backend would be pulled (Always)',
    ]);
    // A registry port is not a tag.
    expect(parseImage('localhost:5000/todo-backend')).toEqual({ repository: 'localhost:5000/todo-backend', digest: undefined });
  });

  test('e. too many replicas no longer fit the node', () => {
    // 20 backends at 100m / 128Mi each are more than a 2-CPU, 2 GiB node holds.
    const manifests = synthProfile('local', (c) => ({ ...c, backend: { ...c.backend, replicas: 20 } }));
    expect(localFitViolations(manifests, PROFILES.local).map((v) => v.rule)).toEqual([
      expect.stringMatching(/^cpu requests at the peak of a rollout .* come to \d+m, more than a default minikube node's allocatable 2000m$/),
      expect.stringMatching(/^memory requests at the peak of a rollout .* come to \d+Mi, more than a default minikube node's allocatable 1948Mi$/),
    ]);
  });

  test('e. the fix names the setting for the app\'s workloads, and the object itself when one added in code is the cause', () => {
    const tooMany = synthProfile('local', (c) => ({ ...c, backend: { ...c.backend, replicas: 20 } }));
    expect(localFitViolations(tooMany, PROFILES.local)[0]).toMatchObject({ object: 'todo/Deployment/backend', fix: expect.stringMatching(/^lower backend\.replicas or backend\.resources\.requests\.cpu in the profile/) });
    const chart = chartFor('local');
    new BatchJob(chart, 'report', {
      name: 'report', instance: 'todo', image: { repository: 'busybox', tag: '1.36', pullPolicy: 'IfNotPresent' }, user: { uid: 1000, gid: 1000 },
      schedule: Cron.daily(), resources: { requests: { cpu: '1500m', memory: '256Mi' }, limits: { cpu: '2', memory: '512Mi' } },
    });
    const [cpu] = localFitViolations(Testing.synth(chart) as Manifest[], PROFILES.local);
    expect(cpu).toMatchObject({
      object: 'todo/CronJob/report',
      path: 'spec.jobTemplate.spec.template.spec.containers[*].resources.requests.cpu',
      fix: expect.stringMatching(/^lower the replicas or resources\.requests\.cpu of todo\/CronJob\/report, where it is built \(main\.ts or your chart class\)/),
    });
  });

  test('e. a missing limit and a request above its limit', () => {
    const pod = brokenPod('local', 'todo/Deployment/backend');
    const r = pod.spec.containers[0].resources;
    delete r.limits.memory;
    r.requests.cpu = '2';
    expect(resourceViolations([pod])).toEqual([
      'todo/Deployment/backend containers[0] "backend": no limits.memory',
      'todo/Deployment/backend containers[0] "backend": requests.cpu 2 is above limits.cpu 500m',
    ]);
  });

  test('f. URLs to a missing Service, a wrong port, a bare name and a headless port mismatch', () => {
    const manifests = structuredClone(load('local').manifests);
    const backend = find(manifests, 'Deployment', 'backend').spec.template.spec.containers[0];
    backend.env.push(
      { name: 'A', value: 'http://api.todo.svc.cluster.local:8000' },
      { name: 'B', value: 'http://frontend.todo.svc.cluster.local:8080/x' },
      { name: 'C', value: 'http://frontend:3000' },
      { name: 'D', value: 'https://todo.example.com' },
    );
    // The headless postgres Service gets a port mapping that a direct pod-IP connection skips.
    const pgService = find(manifests, 'Service', 'postgres');
    pgService.spec.ports[0] = { name: 'postgres', port: 5433, targetPort: 'postgres' };
    const at = (name: string) => `todo/Deployment/backend spec.template.spec.containers[0].env[${backend.env.findIndex((e: any) => e.name === name)}].value: ${name}`;
    expect(inClusterUrlViolations(manifests).map(line)).toEqual([
      // Every container that logs in: the database wait, the migration and the apps.
      expect.stringMatching(/^todo\/Deployment\/frontend spec\.template\.spec\.initContainers\[0\]\.env\[\d+\]\.value: DATABASE_URL: Service postgres has no port 5432 \(it has 5433\)$/),
      expect.stringMatching(/^todo\/Deployment\/frontend spec\.template\.spec\.initContainers\[1\]\.env\[\d+\]\.value: DATABASE_URL: Service postgres has no port 5432 \(it has 5433\)$/),
      expect.stringMatching(/^todo\/Deployment\/frontend spec\.template\.spec\.containers\[0\]\.env\[\d+\]\.value: DATABASE_URL: Service postgres has no port 5432 \(it has 5433\)$/),
      expect.stringMatching(/^todo\/Deployment\/backend spec\.template\.spec\.initContainers\[0\]\.env\[\d+\]\.value: DATABASE_URL: Service postgres has no port 5432 \(it has 5433\)$/),
      `${at('DATABASE_URL')}: Service postgres has no port 5432 (it has 5433)`,
      `${at('A')}: no Service api in namespace todo`,
      `${at('B')}: Service frontend has no port 8080 (it has 3000)`,
      `${at('C')}: host frontend is not <service>.<namespace>.svc.cluster.local`,
    ]);
    backend.env.find((e: any) => e.name === 'DATABASE_URL').value = 'postgresql://todo:$(DATABASE_PASSWORD)@postgres.todo.svc.cluster.local:5433/todo';
    expect(inClusterUrlViolations(manifests).map(line)).toContain(`${at('DATABASE_URL')}: postgres is headless, so port 5433 must be the container port (5432)`);
  });

  test('f. a Service whose selector or targetPort matches no pod', () => {
    const manifests = structuredClone(load('local').manifests);
    find(manifests, 'Service', 'frontend').spec.ports[0].targetPort = 'web';
    find(manifests, 'Service', 'backend').spec.selector = { 'app.kubernetes.io/name': 'api' };
    expect(inClusterUrlViolations(manifests).map((v) => v.rule)).toEqual([
      'BETTER_AUTH_URL: Service frontend targets port web, which todo/Deployment/frontend\'s containers do not expose',
    ]);
    const cloud = structuredClone(load('cloud').manifests);
    find(cloud, 'Service', 'backend').spec.selector = { 'app.kubernetes.io/name': 'api' };
    expect(ingressBackendViolations(cloud).map(line)).toEqual([
      'todo/Ingress/todo spec.rules[1].http.paths[0].backend.service: Service backend selects no workload\'s pods, so it has no endpoints',
    ]);
  });

  test('g. a $(VAR) used before it is defined, a literal secret, and a password in a URL', () => {
    const pod = brokenPod('local', 'todo/Deployment/backend');
    const c = pod.spec.containers[0];
    // Swap DATABASE_PASSWORD and DATABASE_URL: the reference is now to a later variable.
    const env = c.env;
    [env[0], env[1]] = [env[1], env[0]];
    expect(envReferenceViolations('b', c)).toEqual(['b: DATABASE_URL references $(DATABASE_PASSWORD), which is not defined before it']);
    expect(envReferences('$$(ESCAPED) $(REAL) $$$(ALSO)')).toEqual(['REAL', 'ALSO']);

    env.push({ name: 'OPENAI_API_KEY', value: 'sk-123' }, { name: 'X_URL', value: 'postgresql://u:hunter2@db:5432/x' });
    expect(secretEnvViolations('b', c, SECRET_VARS.local, config.secretName)).toEqual([
      'b: OPENAI_API_KEY has a literal value',
      'b: OPENAI_API_KEY is not read from a Secret',
      'b: X_URL contains a literal password in a URL',
    ]);
  });

  test('h. a policy that admits everyone, a non-client, or restricts Egress', () => {
    const manifests = structuredClone(load('local').manifests);
    const pods = podTemplates(manifests);
    const server = pods.find((p) => p.owner === 'todo/StatefulSet/postgres')!;
    const clients = pods.filter((p) => p.owner.startsWith('todo/Deployment/'));
    const policy = find(manifests, 'NetworkPolicy', 'postgres-clients');
    // One rule per client (plus-30's addIngressRule), then the bad one.
    policy.spec.ingress.push({ from: [{ podSelector: {} }] });
    policy.spec.policyTypes = ['Ingress', 'Egress'];
    expect(ingressOnlyFromViolations(manifests, server, clients, 5432)).toEqual([
      'NetworkPolicy/postgres-clients ingress[2]: admits every port',
      'NetworkPolicy/postgres-clients ingress[2]: admits todo/StatefulSet/postgres, which is not a client',
    ]);
    expect(egressViolations(manifests)).toEqual(['NetworkPolicy/postgres-clients: restricts Egress']);

    policy.spec.ingress = [];
    expect(ingressOnlyFromViolations(manifests, server, clients, 5432)).toEqual([
      'todo/StatefulSet/postgres: client todo/Deployment/frontend is not admitted on port 5432',
      'todo/StatefulSet/postgres: client todo/Deployment/backend is not admitted on port 5432',
    ]);
    expect(ingressOnlyFromViolations(manifests.filter((m) => m.kind !== 'NetworkPolicy'), server, clients, 5432)).toEqual([
      'todo/StatefulSet/postgres: no NetworkPolicy isolates its pods for ingress',
    ]);
  });

  test('i. a missing liveness probe and a probe aimed at a port the container lacks', () => {
    const pod = brokenPod('local', 'todo/Deployment/backend');
    const c = pod.spec.containers[0];
    delete c.livenessProbe;
    c.readinessProbe = { tcpSocket: { port: 'web' } };
    expect(probeViolations([pod])).toEqual([
      'todo/Deployment/backend containers[0] "backend": no livenessProbe',
      'todo/Deployment/backend containers[0] "backend": readinessProbe targets port web, which the container does not expose',
    ]);
  });

  test('j. the Namespace after the objects in it, an object in a namespace nobody creates, and one in none', () => {
    const manifests = structuredClone(load('local').manifests);
    const [ns, first, second, ...rest] = manifests;
    const id = `todo/${first.kind}/${first.metadata.name}`;
    expect(namespaceViolations([first, ns, second, ...rest]).map(line)).toEqual([
      `${id} metadata.namespace: Namespace/todo comes after this object, and kubectl apply creates in file order`,
    ]);
    first.metadata.namespace = 'other';
    delete second.metadata.namespace;
    expect(namespaceViolations([ns, first, second, ...rest]).map(line)).toEqual([
      `${id.replace(/^todo\//, 'other/')} metadata.namespace: namespace other is not created by these manifests`,
      `${second.kind}/${second.metadata.name} metadata.namespace: no namespace: the object would land in "default" (or whatever namespace kubectl is pointed at)`,
    ]);
  });
});
