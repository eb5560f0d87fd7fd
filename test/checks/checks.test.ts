// Needs: validator
/**
 * lib/checks at synth time: the shipped profiles pass; a user's own additions that a cluster
 * would refuse fail by name (object, field path, rule, fix); every cross-field rule fires; and a
 * failing check stops synth with a non-zero exit, leaving dist/ as it was.
 */
import { ApiObject, App, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-30';
import * as k8s from '../../imports/k8s';
import { checkManifests, CheckError, CheckViolation, formatViolations } from '../../lib/checks';
import { CLOUD_PROFILE, LOCAL_PROFILE, PROFILES } from '../../lib/model/settings/profiles';
import { TodoConfig } from '../../lib/model/settings/types';
import { synthesize } from '../../lib/pipeline';
import { TodoChart } from '../../lib/constructs/todo-chart';
import { envValue } from '../../lib/constructs/common/env';
import { requireValidator } from '../support/validator';

/** A TodoChart for a configuration, to which a test adds its own objects. */
const chartOf = (config: TodoConfig = LOCAL_PROFILE) => new TodoChart(Testing.app(), config.instance, { config });
const check = (chart: TodoChart, config: TodoConfig = LOCAL_PROFILE) => checkManifests(Testing.synth(chart), config, { apiServer: requireValidator() });
const ids = (violations: readonly CheckViolation[]) => violations.map((v) => `${v.object} ${v.path}: ${v.rule}`);
const withConfig = (patch: (c: any) => void, base: TodoConfig = LOCAL_PROFILE): TodoConfig => {
  const copy = structuredClone(base) as any;
  patch(copy);
  return copy;
};

describe.each(Object.keys(PROFILES))('profile %s', (profile) => {
  test('passes every check', () => {
    expect(formatViolations(check(chartOf(PROFILES[profile]), PROFILES[profile]))).toBe('');
  });
});

describe("a user's additions are checked like the stock chart", () => {
  test('a worker named My_Worker with replicas -2 and NodePort 80 fails by name', () => {
    const chart = chartOf();
    new k8s.KubeDeployment(chart, 'worker', {
      metadata: { name: 'My_Worker', namespace: 'todo' },
      spec: {
        replicas: -2,
        selector: { matchLabels: { app: 'worker' } },
        template: {
          metadata: { labels: { app: 'worker' } },
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{ name: 'worker', image: 'todo-backend:dev', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
          },
        },
      },
    });
    new k8s.KubeService(chart, 'worker-svc', {
      metadata: { name: 'worker', namespace: 'todo' },
      spec: { type: 'NodePort', selector: { app: 'worker' }, ports: [{ port: 8000, nodePort: 80 }] },
    });
    const violations = check(chart);
    expect(ids(violations)).toEqual([
      expect.stringMatching(/^todo\/Deployment\/My_Worker metadata\.name: Invalid value: "My_Worker": a lowercase RFC 1123 subdomain must consist of /),
      'todo/Deployment/My_Worker spec.replicas: Invalid value: -2: must be greater than or equal to 0 (API server)',
      "todo/Service/worker spec.ports[0].nodePort: nodePort 80 is outside the cluster's NodePort range 30000-32767 (a real create refuses it; a dry run does not allocate)",
    ]);
    expect(violations[0].fix).toMatch(/^change the field as the API server says/);
  });

  test('an init container the user adds unhardened breaks "restricted", named by its path', () => {
    const chart = chartOf();
    const pod = chart.backend.deployment;
    // Escape hatch, as a user would: an init container without any securityContext.
    ApiObject.of(pod).addJsonPatch(JsonPatch.add('/spec/template/spec/initContainers/-', { name: 'migrate', image: 'todo-backend:dev', command: ['alembic', 'upgrade', 'head'] }));
    const v = check(chart);
    expect(v.map((x) => `${x.object} ${x.path}`)).toEqual(['todo/Deployment/backend spec.template.spec']);
    expect(v[0].rule).toMatch(/^would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false \(container "migrate" must set securityContext\.allowPrivilegeEscalation=false\), unrestricted capabilities \(container "migrate" must set securityContext\.capabilities\.drop=\["ALL"\]\)/);
  });

  test('a plus-30 Deployment whose image user the kubelet cannot verify, and a ConfigMap outside any Namespace', () => {
    const chart = chartOf();
    const worker = new kplus.Deployment(chart, 'plus-worker', {
      metadata: { namespace: 'todo' },
      replicas: 1,
      // plus-30 would request 1000m and 512Mi per container by default: more than fits beside the app.
      containers: [{
        image: 'ghcr.io/acme/worker:1.0',
        securityContext: { ensureNonRoot: true, readOnlyRootFilesystem: true },
        resources: { cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(200) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) } },
      }],
      securityContext: { ensureNonRoot: true },
    });
    void worker;
    // In TodoChart a ConfigMap lands in the chart's namespace; in a chart of the user's own it may not.
    new kplus.ConfigMap(chart, 'settings', { data: { a: 'b' } });
    const own = new Chart(chart.node.scope as Construct, 'own');
    new kplus.ConfigMap(own, 'loose', { data: { a: 'b' } });
    const v = checkManifests([...Testing.synth(chart), ...Testing.synth(own)], LOCAL_PROFILE).filter((x) => !x.rule.includes('Pod Security'));
    expect(ids(v)).toEqual([
      expect.stringMatching(/^ConfigMap\/.*loose.* metadata\.namespace: no namespace: the object would land in "default"/),
      expect.stringMatching(/^todo\/Deployment\/.*plus-worker.* spec\.template\.spec\.containers\[0\]\.securityContext\.runAsUser: runAsUser is not set: with runAsNonRoot the kubelet needs a numeric non-root uid, and refuses an image whose USER is a name/),
    ]);
  });

  test('an HTTP probe on a port name the container lacks, a request above its limit, a $(VAR) never defined', () => {
    const manifests = Testing.synth(chartOf());
    const backend = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'backend').spec.template.spec.containers[0];
    backend.readinessProbe = { httpGet: { path: '/health', port: 'web' } };
    backend.resources.limits.memory = '64Mi';
    backend.args = ['--log-level', '$(LOG_LEVEL)'];
    expect(ids(checkManifests(manifests, LOCAL_PROFILE, { apiServer: requireValidator() }))).toEqual([
      'todo/Deployment/backend spec.template.spec.containers[0].resources.requests: Invalid value: "128Mi": must be less than or equal to memory limit of 64Mi (API server)',
      'todo/Deployment/backend spec.template.spec.containers[0].readinessProbe.httpGet.port: probe port "web" is not a port name of the container (http); the kubelet fails the probe forever',
      'todo/Deployment/backend spec.template.spec.containers[0].args[1]: references $(LOG_LEVEL), which is not in the container\'s env',
    ]);
  });

  test('an in-cluster URL to a Service or port that does not exist', () => {
    const chart = chartOf();
    ApiObject.of(chart.backend.deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/env/-', { name: 'CACHE_URL', value: 'http://redis.todo.svc.cluster.local:6379' }));
    expect(ids(check(chart))).toEqual([
      expect.stringMatching(/^todo\/Deployment\/backend spec\.template\.spec\.containers\[0\]\.env\[\d+\]\.value: CACHE_URL: no Service redis in namespace todo$/),
    ]);
  });
});

describe('secret values a user adds never reach dist/', () => {
  test('a Secret with data, a credential-named env var and a URL with a literal password fail by name, values not shown', () => {
    const chart = chartOf();
    new kplus.Secret(chart, 'api-keys', { metadata: { name: 'api-keys', namespace: 'todo' }, stringData: { OPENAI_API_KEY: 'sk-LEAKa' } });
    const main = chart.backend.deployment.containers[0];
    main.env.addVariable('OPENAI_API_KEY', kplus.EnvValue.fromValue('sk-LEAKb'));
    main.env.addVariable('CACHE_URL', kplus.EnvValue.fromValue('redis://cache:LEAKc@redis.example.com:6379/0'));
    main.env.addVariable('REPLICA_URL', kplus.EnvValue.fromValue('postgresql://todo:$(DATABASE_PASSWORD)@replica.example.com:5432/todo'));
    const v = check(chart);
    expect(formatViolations(v)).not.toMatch(/LEAK/);
    expect(ids(v)).toEqual([
      'todo/Secret/api-keys stringData: a Secret with values (keys OPENAI_API_KEY) would write them into dist/ in plain text',
      expect.stringMatching(/^todo\/Deployment\/backend spec\.template\.spec\.containers\[0\]\.env\[\d+\]\.value: OPENAI_API_KEY has a literal value \(not shown\)/),
      expect.stringMatching(/^todo\/Deployment\/backend spec\.template\.spec\.containers\[0\]\.env\[\d+\]\.value: CACHE_URL holds a URL with a literal password \(not shown\)/),
    ]);
  });
});

describe('a URL with a literal password fails in any string synth writes, not only env values (issue 17)', () => {
  test('command, args, probe path, annotation, ConfigMap data and a key: each named by path, never shown', () => {
    const chart = chartOf();
    const deployment = chart.backend.deployment;
    const pod = 'spec.template.spec.containers[0]';
    ApiObject.of(deployment).addJsonPatch(
      JsonPatch.add(`/${pod.replace(/\./g, '/').replace(/\[(\d+)\]/g, '/$1')}/command`, ['sh', '-c', 'psql postgresql://todo:LEAKd@db:5432/todo']),
      JsonPatch.add('/spec/template/spec/containers/0/args', ['--db=postgresql://todo:LEAKe@db/todo']),
      JsonPatch.replace('/spec/template/spec/containers/0/readinessProbe/httpGet/path', '//admin:LEAKf@db.example/health'),
      JsonPatch.add('/metadata/annotations', { 'example.com/source': 'https://bot:LEAKg@git.example.com/repo.git' }),
    );
    new kplus.ConfigMap(chart, 'settings', { metadata: { name: 'settings', namespace: 'todo' }, data: { 'db.conf': 'url=postgresql://todo:LEAKh@db/todo', 'https://u:LEAKi@x.example/': 'y' } });
    const v = check(chart);
    expect(formatViolations(v)).not.toMatch(/LEAK/);
    expect(ids(v).filter((line) => line.includes('literal password')).sort()).toEqual([
      `todo/Deployment/backend ${pod}.command[2]: the value holds a URL with a literal password (not shown), which would be written into dist/ in plain text`,
      `todo/Deployment/backend ${pod}.args[0]: the value holds a URL with a literal password (not shown), which would be written into dist/ in plain text`,
      `todo/Deployment/backend ${pod}.readinessProbe.httpGet.path: the value holds a URL with a literal password (not shown), which would be written into dist/ in plain text`,
      'todo/Deployment/backend metadata.annotations.example.com/source: the value holds a URL with a literal password (not shown), which would be written into dist/ in plain text',
      'todo/ConfigMap/settings data: a key holds a URL with a literal password (not shown)',
      'todo/ConfigMap/settings data.db.conf: the value holds a URL with a literal password (not shown), which would be written into dist/ in plain text',
    ].sort());
  });

  test('$(VAR) in a command is fine: the project\'s own manifests pass', () => {
    expect(ids(check(chartOf())).filter((line) => line.includes('literal password'))).toEqual([]);
    expect(ids(check(chartOf(CLOUD_PROFILE), CLOUD_PROFILE)).filter((line) => line.includes('literal password'))).toEqual([]);
  });
});

describe('cross-field rules', () => {
  test('a public URL whose port is not its NodePort', () => {
    const config = withConfig((c) => (c.publicUrls.frontend = 'http://localhost:30301'));
    expect(check(chartOf(config), config)).toEqual([{
      object: 'todo/Service/frontend', path: 'spec.ports[0].nodePort',
      rule: 'publicUrls.frontend http://localhost:30301 is on port 30301, but the frontend\'s NodePort is 30300',
      fix: 'set publicUrls.frontend to http://localhost:30300, or exposure.frontendNodePort to 30301',
    }]);
  });

  test('an https URL on a NodePort (no TLS there)', () => {
    const config = withConfig((c) => (c.publicUrls.backend = 'https://localhost:30800'));
    expect(ids(check(chartOf(config), config))).toEqual(['todo/Service/backend spec.ports[0].nodePort: publicUrls.backend https://localhost:30800 is https, but a NodePort serves plain http (no TLS)']);
  });

  test('both Ingress routes on one host and path', () => {
    const chart = chartOf(CLOUD_PROFILE);
    new k8s.KubeIngress(chart, 'extra', {
      metadata: { name: 'extra', namespace: 'todo' },
      spec: { rules: [{ host: 'todo.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'backend', port: { number: 8000 } } } }] } }] },
    });
    expect(ids(check(chart, CLOUD_PROFILE))).toEqual([
      'todo/Ingress/extra spec.rules[0].http.paths[0]: host todo.example.com path / is also routed by todo/Ingress/todo spec.rules[0].http.paths[0]; the controller sends it to only one of them',
    ]);
  });

  test('https URLs without TLS, and http URLs with it', () => {
    const noTls = withConfig((c) => delete c.exposure.tlsSecretName, CLOUD_PROFILE);
    expect(ids(check(chartOf(noTls), noTls))).toEqual([
      'todo/Ingress/todo spec.tls: publicUrls.frontend is https, but the Ingress has no TLS for todo.example.com',
      'todo/Ingress/todo spec.tls: publicUrls.backend is https, but the Ingress has no TLS for api.todo.example.com',
    ]);
    const http = withConfig((c) => (c.publicUrls.backend = 'http://api.todo.example.com'), CLOUD_PROFILE);
    expect(check(chartOf(http), http)).toEqual([expect.objectContaining({
      object: 'todo/Ingress/todo', path: 'spec.tls',
      rule: 'publicUrls.backend is http, but the Ingress serves api.todo.example.com with TLS and redirects http to https',
      fix: 'use https://api.todo.example.com in publicUrls.backend, or remove exposure.tlsSecretName',
    })]);
  });

  test('identical frontend and backend URLs', () => {
    const config = withConfig((c) => (c.publicUrls.backend = c.publicUrls.frontend));
    expect(ids(check(chartOf(config), config))).toContain('config/local publicUrls.backend: publicUrls.backend is the same URL as publicUrls.frontend (http://localhost:30300)');
  });

  test('an IPv6 literal in a public URL is not taken for an in-cluster Service named "["', () => {
    const config = withConfig((c) => (c.publicUrls.frontend = 'http://[::1]:30300'));
    expect(ids(check(chartOf(config), config))).toEqual([]);
  });

  test('namespace default or kube-system', () => {
    for (const namespace of ['default', 'kube-system']) {
      const config = withConfig((c) => (c.namespace = namespace));
      const v = check(chartOf(config), config);
      expect(ids(v)).toContain(`Namespace/${namespace} metadata.name: Namespace ${namespace} is shared or Kubernetes' own; applying it would relabel it (e.g. enforce: restricted on every pod there)`);
      expect(ids(v)).toContain(`${namespace}/Deployment/backend metadata.namespace: the object is in namespace ${namespace}, which the app must not share`);
    }
  });

  test('the local profile scaled beyond a default minikube node', () => {
    const config = withConfig((c) => (c.backend.replicas = 20));
    const v = check(chartOf(config), config);
    expect(ids(v)).toEqual([
      expect.stringMatching(/^todo\/Deployment\/backend spec\.template\.spec\.containers\[\*\]\.resources\.requests\.cpu: cpu requests at the peak of a rollout \(.*Deployment\/backend \d+ x 100m.*\) come to \d+m, more than a default minikube node's allocatable 2000m$/),
      expect.stringMatching(/^todo\/Deployment\/backend .*requests\.memory: memory requests .* more than a default minikube node's allocatable 1948Mi$/),
    ]);
  });
});

describe('wired into synth', () => {
  const values = { ...LOCAL_PROFILE, publicUrls: { ...LOCAL_PROFILE.publicUrls, frontend: 'http://localhost:30301' } };

  test('a failing check throws CheckError from synthesize, naming namespace/Kind/name', () => {
    const app = new App();
    new TodoChart(app, values.instance, { config: values });
    expect(() => synthesize(app, { settings: values })).toThrow(CheckError);
    expect(() => synthesize(app, { settings: values })).toThrow('todo/Service/frontend spec.ports[0].nodePort: publicUrls.frontend http://localhost:30301 is on port 30301');
  });

  test("a user's own object fails the pipeline's checks by name (not only checkManifests in tests)", () => {
    const app = new App();
    const chart = new TodoChart(app, LOCAL_PROFILE.instance, { config: LOCAL_PROFILE });
    new k8s.KubeService(chart, 'my-worker', {
      metadata: { name: 'my-worker' },
      spec: { type: 'NodePort', selector: { 'app.kubernetes.io/name': 'backend' }, ports: [{ port: 8000, nodePort: 80 }] },
    });
    expect(() => synthesize(app, { settings: LOCAL_PROFILE, apiServer: requireValidator() })).toThrow("todo/Service/my-worker spec.ports[0].nodePort: nodePort 80 is outside the cluster's NodePort range 30000-32767");
  });

  test('warnings are returned for the command to print; errors still fail', () => {
    const app = new App();
    const chart = new TodoChart(app, LOCAL_PROFILE.instance, { config: LOCAL_PROFILE });
    chart.backend.deployment.addContainer({ name: 'sidecar', image: 'busybox:1.36', securityContext: { user: 10001, group: 10001, readOnlyRootFilesystem: false, capabilities: { drop: [kplus.Capability.ALL] } }, resources: { cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(50) }, memory: { request: Size.mebibytes(8), limit: Size.mebibytes(16) } } });
    const s = synthesize(app, { settings: LOCAL_PROFILE });
    expect(s.warnings.map((w) => `${w.object} ${w.path}`)).toContain('todo/Deployment/backend spec.template.spec.containers[1].securityContext.readOnlyRootFilesystem');
  });
});

describe('traps that pass the schema but break the cluster (issue 15)', () => {
  test('plus-30 allowFrom without isolation: POD isolates the client\'s egress: no DNS, no database; named with the fix', () => {
    const chart = chartOf();
    chart.backend.deployment.connections.allowFrom(chart.frontend.deployment);
    const v = check(chart).filter((x) => x.object === 'todo/Deployment/frontend');
    expect(v.map((x) => x.rule)).toEqual([
      expect.stringMatching(/^its egress is isolated by todo\/NetworkPolicy\/.*, and no egress rule allows DNS \(port 53\): every name lookup fails$/),
      expect.stringMatching(/^DATABASE_URL points at postgres:5432, but its egress is isolated by .* and no egress rule allows postgres's pods on port 5432$/),
    ]);
    expect(v[0].fix).toContain('isolation: PodConnectionsIsolation.POD');
    // With isolation POD only the backend's ingress is restricted: nothing to report.
    const ok = chartOf();
    ok.backend.deployment.connections.allowFrom(ok.frontend.deployment, { isolation: kplus.PodConnectionsIsolation.POD });
    expect(check(ok)).toEqual([]);
  });

  test('an egress policy with DNS and the database passes; one without the backend\'s BETTER_AUTH_URL peer is named', () => {
    const chart = chartOf();
    new kplus.NetworkPolicy(chart, 'backend-egress', {
      metadata: { name: 'backend-egress' },
      selector: kplus.Pods.select(chart, 'backend-pods', { labels: { ...chart.backend.selector } }),
      egress: {
        default: kplus.NetworkPolicyTrafficDefault.DENY,
        rules: [
          { peer: kplus.Namespaces.select(chart, 'kube-system', { names: ['kube-system'] }), ports: [kplus.NetworkPolicyPort.udp(53), kplus.NetworkPolicyPort.tcp(53)] },
          { peer: kplus.Pods.select(chart, 'db-pods', { labels: { 'app.kubernetes.io/name': 'postgres' } }), ports: [kplus.NetworkPolicyPort.tcp(5432)] },
        ],
      },
    });
    expect(ids(check(chart))).toEqual([
      expect.stringMatching(/^todo\/Deployment\/backend spec\.template\.spec\.containers\[0\]\.env\[\d+\]\.value: BETTER_AUTH_URL points at frontend:3000, but its egress is isolated by todo\/NetworkPolicy\/backend-egress/),
    ]);
  });

  test('in-cluster URLs of any scheme: a redis:// to no Service, an amqp:// to a wrong port', () => {
    const chart = chartOf();
    chart.backend.addEnv(envValue('REDIS_URL', 'redis://redis.todo.svc.cluster.local:6379/0'), envValue('BROKER', 'amqp://guest@frontend.todo.svc.cluster.local:5672'), envValue('BUCKET', 's3://uploads/x'));
    expect(ids(check(chart))).toEqual([
      expect.stringMatching(/REDIS_URL: no Service redis in namespace todo$/),
      expect.stringMatching(/BROKER: Service frontend has no port 5672 \(it has 3000\)$/),
    ]);
  });

  test('postgresql+asyncpg with sslmode is refused with the asyncpg spelling', () => {
    const chart = chartOf();
    chart.backend.addEnv(envValue('ANALYTICS_URL', 'postgresql+asyncpg://u:$(DATABASE_PASSWORD)@db.example.com/a?sslmode=require'));
    const v = check(chart);
    expect(v.map((x) => x.rule)).toEqual([expect.stringContaining("ANALYTICS_URL: a postgresql+asyncpg:// URL with sslmode= in its query; asyncpg refuses it")]);
    expect(v[0].fix).toContain('ssl=require');
  });

  test('readOnlyRootFilesystem: false on a container the user adds is a warning, not an error', () => {
    const chart = chartOf();
    chart.backend.deployment.addContainer({ name: 'sidecar', image: 'busybox:1.36', securityContext: { user: 10001, group: 10001, readOnlyRootFilesystem: false, capabilities: { drop: [kplus.Capability.ALL] } }, resources: { cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(50) }, memory: { request: Size.mebibytes(8), limit: Size.mebibytes(16) } } });
    const v = check(chart);
    expect(v.filter((x) => x.severity !== 'warning')).toEqual([]);
    expect(v.filter((x) => x.severity === 'warning').map((x) => `${x.object} ${x.path}`)).toEqual([
      'todo/Deployment/backend spec.template.spec.containers[1].securityContext.readOnlyRootFilesystem',
    ]);
  });
});

test('violations inside a container name it: init containers by name, not only by index', () => {
  const chart = chartOf();
  ApiObject.of(chart.backend.deployment).addJsonPatch(JsonPatch.add('/spec/template/spec/initContainers/0/securityContext/allowPrivilegeEscalation', true));
  const v = check(chart);
  expect(v.map((x) => x.rule)).toEqual([expect.stringMatching(/allowPrivilegeEscalation != false \(container "wait-for-database" must set securityContext\.allowPrivilegeEscalation=false\)/)]);
  expect(formatViolations(v)).toMatch(/^ {2}- todo\/Deployment\/backend spec\.template\.spec: would violate PodSecurity/);
});

test('an isolated egress without a way out to an external database (Neon) is named; an ipBlock rule lets it out', () => {
  const neon = { ...LOCAL_PROFILE, database: { kind: 'external', host: 'ep-x.eu-central-1.aws.neon.tech', databaseName: 'neondb', user: 'u', params: { sslmode: 'require' } } } as TodoConfig;
  const policy = (chart: TodoChart, rules: kplus.NetworkPolicyRule[]) => new kplus.NetworkPolicy(chart, 'egress', {
    metadata: { name: 'backend-egress' },
    selector: kplus.Pods.select(chart, 'backend-pods', { labels: { ...chart.backend.selector } }),
    egress: { default: kplus.NetworkPolicyTrafficDefault.DENY, rules: [{ peer: kplus.Namespaces.select(chart, 'dns', { names: ['kube-system'] }), ports: [kplus.NetworkPolicyPort.udp(53)] }, ...rules] },
  });
  const chart = chartOf(neon);
  policy(chart, [{ peer: kplus.Pods.select(chart, 'front', { labels: { ...chart.frontend.selector } }) }]);
  expect(ids(check(chart, neon))).toEqual([
    expect.stringMatching(/DATABASE_URL points at ep-x\.eu-central-1\.aws\.neon\.tech:5432 outside the cluster, but its egress is isolated by todo\/NetworkPolicy\/backend-egress/),
  ]);
  const open = chartOf(neon);
  policy(open, [{ peer: kplus.Pods.select(open, 'front', { labels: { ...open.frontend.selector } }) }, { peer: kplus.NetworkPolicyIpBlock.anyIpv4(open, 'internet'), ports: [kplus.NetworkPolicyPort.tcp(5432)] }]);
  expect(check(open, neon)).toEqual([]);
});
