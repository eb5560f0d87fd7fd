import * as path from 'path';
import { Yaml } from 'cdk8s';
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { NodePortExposure } from '../../lib/model/settings/types';
import { SECRET_KEYS } from '../../lib/model/secret-keys';
import { envOf, find, podSpec, synthProfile } from '../support/synth';

const container = (manifests: any[], name: string) => podSpec(find(manifests, 'Deployment', name)).containers[0];

describe('local profile wiring', () => {
  const manifests = synthProfile('local');
  const backend = envOf(container(manifests, 'backend'));
  const frontend = envOf(container(manifests, 'frontend'));

  test('DATABASE_URL is composed from a Secret-backed variable, never a literal password', () => {
    for (const env of [backend, frontend]) {
      expect(env.DATABASE_PASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'todo-secrets', key: SECRET_KEYS.postgresPassword });
      expect(env.DATABASE_URL.value).toBe('postgresql://todo:$(DATABASE_PASSWORD)@postgres.todo.svc.cluster.local:5432/todo');
    }
  });

  test('backend fetches the JWKS from the frontend inside the cluster and allows the public origin by CORS', () => {
    expect(backend.BETTER_AUTH_URL.value).toBe('http://frontend.todo.svc.cluster.local:3000');
    expect(backend.FRONTEND_URL.value).toBe('http://localhost:30300');
  });

  test('frontend BETTER_AUTH_URL is the public origin the browser uses', () => {
    expect(frontend.BETTER_AUTH_URL.value).toBe('http://localhost:30300');
  });

  test('BETTER_AUTH_SECRET comes from one Secret key in both workloads', () => {
    expect(backend.BETTER_AUTH_SECRET.valueFrom).toEqual(frontend.BETTER_AUTH_SECRET.valueFrom);
    expect(backend.BETTER_AUTH_SECRET.valueFrom.secretKeyRef).toEqual({ name: 'todo-secrets', key: 'BETTER_AUTH_SECRET' });
    expect(backend.OPENAI_API_KEY.valueFrom.secretKeyRef).toEqual({ name: 'todo-secrets', key: 'OPENAI_API_KEY' });
  });

  test('services are exposed on the fixed NodePorts of the configuration', () => {
    expect(find(manifests, 'Service', 'frontend').spec).toMatchObject({ type: 'NodePort', ports: [{ port: 3000, nodePort: 30300 }] });
    expect(find(manifests, 'Service', 'backend').spec).toMatchObject({ type: 'NodePort', ports: [{ port: 8000, nodePort: 30800 }] });
    expect(manifests.some((m) => m.kind === 'Ingress')).toBe(false);
  });

  test('names are the stable, explicit ones (no hash suffixes)', () => {
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'Deployment/backend', 'Deployment/frontend', 'Namespace/todo', 'NetworkPolicy/postgres-clients',
      'Service/backend', 'Service/frontend', 'Service/postgres', 'StatefulSet/postgres',
    ]);
  });

  test('both apps wait until the database accepts their own login, then the frontend migrates Better Auth', () => {
    const inits = (name: string) => podSpec(find(manifests, 'Deployment', name)).initContainers;
    expect(inits('backend').map((c: any) => c.name)).toEqual(['wait-for-database']);
    expect(inits('frontend').map((c: any) => c.name)).toEqual(['wait-for-database', 'migrate']);
    for (const name of ['backend', 'frontend']) {
      const [wait] = inits(name);
      expect(wait.image).toBe('postgres:17-alpine');
      expect(wait.command.join(' ')).toContain(`psql "$DATABASE_URL" -XtAc 'SELECT 1'`);
      // The same libpq URL and password variable as the app.
      expect(envOf(wait).DATABASE_URL.value).toBe('postgresql://todo:$(DATABASE_PASSWORD)@postgres.todo.svc.cluster.local:5432/todo');
      expect(envOf(wait).DATABASE_PASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'todo-secrets', key: SECRET_KEYS.postgresPassword });
      expect(wait.terminationMessagePolicy).toBe('FallbackToLogsOnError');
    }
    const migrate = inits('frontend')[1];
    expect(migrate.image).toBe('todo-frontend:dev-migrate');
    expect(migrate.imagePullPolicy).toBe('Never');
    expect(migrate.terminationMessagePolicy).toBe('FallbackToLogsOnError');
    const env = envOf(migrate);
    expect(env.BETTER_AUTH_CONFIG.value).toBe('src/lib/auth-server.ts');
    expect(env.BETTER_AUTH_URL.value).toBe('http://localhost:30300');
    expect(env.BETTER_AUTH_SECRET.valueFrom.secretKeyRef).toEqual({ name: 'todo-secrets', key: 'BETTER_AUTH_SECRET' });
    expect(env.DATABASE_URL.value).toMatch(/^postgresql:\/\//);
  });

  test('the backend probes GET /health; the frontend (no health route) connects over TCP', () => {
    const backendProbes = container(manifests, 'backend');
    for (const kind of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(backendProbes[kind].httpGet).toEqual({ path: '/health', port: 8000, scheme: 'HTTP' });
      expect(container(manifests, 'frontend')[kind].tcpSocket).toEqual({ port: 3000 });
    }
  });

  test('PostgreSQL keeps its data on a PersistentVolumeClaim behind a headless Service', () => {
    const sts = find(manifests, 'StatefulSet', 'postgres');
    expect(sts.spec.serviceName).toBe('postgres');
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('1Gi');
    expect(podSpec(sts).containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/postgresql/data' });
    expect(find(manifests, 'Service', 'postgres').spec.clusterIP).toBe('None');
    expect(envOf(podSpec(sts).containers[0]).POSTGRES_PASSWORD.valueFrom.secretKeyRef.key).toBe('POSTGRES_PASSWORD');
  });

  test('every object carries the recommended labels', () => {
    for (const m of manifests.filter((o) => o.kind !== 'Namespace')) {
      expect(Object.keys(m.metadata.labels)).toEqual(expect.arrayContaining([
        'app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component',
        'app.kubernetes.io/part-of', 'app.kubernetes.io/managed-by',
      ]));
    }
  });
});

describe('cloud profile wiring', () => {
  const manifests = synthProfile('cloud');

  test('the external database URL is taken whole from the Secret', () => {
    for (const name of ['backend', 'frontend']) {
      const env = envOf(container(manifests, name));
      expect(env.DATABASE_URL).toEqual({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'todo-secrets', key: 'DATABASE_URL' } } });
      expect(env.DATABASE_PASSWORD).toBeUndefined();
    }
    expect(manifests.some((m) => m.metadata.name === 'postgres')).toBe(false);
  });

  test('with an external database the apps still wait until it accepts their login, with the URL from the Secret', () => {
    for (const name of ['backend', 'frontend']) {
      const [wait] = podSpec(find(manifests, 'Deployment', name)).initContainers;
      expect(wait.name).toBe('wait-for-database');
      expect(envOf(wait).DATABASE_URL.valueFrom.secretKeyRef).toEqual({ name: 'todo-secrets', key: 'DATABASE_URL' });
    }
  });

  test('an Ingress routes each public host to its Service, with TLS', () => {
    const ingress = find(manifests, 'Ingress', 'todo');
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.tls).toEqual([{ hosts: ['todo.example.com', 'api.todo.example.com'], secretName: 'todo-tls' }]);
    const routes = ingress.spec.rules.map((r: any) => [r.host, r.http.paths[0].backend.service.name]);
    expect(routes).toEqual([['todo.example.com', 'frontend'], ['api.todo.example.com', 'backend']]);
    expect(find(manifests, 'Service', 'frontend').spec.type).toBe('ClusterIP');
  });

  test('replicas and resources come from the profile', () => {
    // Autoscaled: the Deployments leave replicas to their HorizontalPodAutoscalers.
    expect(find(manifests, 'Deployment', 'backend').spec.replicas).toBeUndefined();
    expect(find(manifests, 'HorizontalPodAutoscaler', 'backend').spec).toMatchObject({ minReplicas: 3, maxReplicas: 10 });
    expect(find(manifests, 'HorizontalPodAutoscaler', 'frontend').spec).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
    expect(container(manifests, 'backend').resources.requests).toEqual({ cpu: '250m', memory: '256Mi' });
  });

  test('the backend is still pointed at the frontend inside the cluster, CORS at the public origin', () => {
    const env = envOf(container(manifests, 'backend'));
    expect(env.BETTER_AUTH_URL.value).toBe('http://frontend.todo.svc.cluster.local:3000');
    expect(env.FRONTEND_URL.value).toBe('https://todo.example.com');
    expect(envOf(container(manifests, 'frontend')).BETTER_AUTH_URL.value).toBe('https://todo.example.com');
  });
});

test('the kind cluster config publishes exactly the NodePorts of the local profile', () => {
  const [kind] = Yaml.load(path.join(__dirname, '..', '..', 'clusters', 'kind.yaml'));
  const mapped = kind.nodes[0].extraPortMappings.map((m: any) => [m.containerPort, m.hostPort]);
  const exposure = LOCAL_PROFILE.exposure as NodePortExposure;
  expect(mapped).toEqual([
    [exposure.frontendNodePort, exposure.frontendNodePort],
    [exposure.backendNodePort, exposure.backendNodePort],
  ]);
  // The public URLs are what the browser reaches through those mappings.
  expect(new URL(LOCAL_PROFILE.publicUrls.frontend).port).toBe(String(exposure.frontendNodePort));
  expect(new URL(LOCAL_PROFILE.publicUrls.backend).port).toBe(String(exposure.backendNodePort));
});
