import { TodoConfig } from './types';

/**
 * Works as is on minikube, kind and Docker Desktop: fixed NodePorts that README maps to
 * localhost, images built locally by `npm run images` (never pulled), PostgreSQL in the cluster,
 * and requests small enough for a default minikube node (2 CPUs, 2 GiB) next to its system pods.
 */
export const LOCAL_PROFILE: TodoConfig = {
  profile: 'local',
  namespace: 'todo',
  instance: 'todo',
  publicUrls: {
    frontend: 'http://localhost:30300',
    backend: 'http://localhost:30800',
  },
  exposure: { kind: 'node-port', frontendNodePort: 30300, backendNodePort: 30800 },
  secretName: 'todo-secrets',
  // Local images exist in no registry: `Never` fails with a clear ErrImageNeverPull instead of a
  // registry round trip ending in ImagePullBackOff. `npm run images` pins the tags it built.
  images: {
    backend: { repository: 'todo-backend', tag: 'dev', pullPolicy: 'Never' },
    frontend: { repository: 'todo-frontend', tag: 'dev', pullPolicy: 'Never' },
  },
  // The Phase IV backend serves GET /health; its frontend has no health route (TCP probes).
  backend: {
    replicas: 1,
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    healthCheckPath: '/health',
    databaseUrlScheme: 'postgresql',
    migration: { kind: 'none' },
  },
  frontend: {
    replicas: 1,
    resources: { requests: { cpu: '100m', memory: '192Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    databaseUrlScheme: 'postgresql',
    // Better Auth's tables on a fresh database, from the `<tag>-migrate` image `npm run images` builds.
    migration: { kind: 'better-auth', authConfigPath: 'src/lib/auth-server.ts' },
  },
  database: {
    kind: 'in-cluster',
    image: 'postgres:17-alpine',
    databaseName: 'todo',
    user: 'todo',
    storage: '1Gi',
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
  },
};

/**
 * What changes on a cloud cluster: an Ingress with real hosts and TLS, images from a registry,
 * more replicas and resources, and an external database (e.g. Neon) whose URL is in the Secret.
 */
export const CLOUD_PROFILE: TodoConfig = {
  ...LOCAL_PROFILE,
  profile: 'cloud',
  publicUrls: {
    frontend: 'https://todo.example.com',
    backend: 'https://api.todo.example.com',
  },
  exposure: { kind: 'ingress', className: 'nginx', tlsSecretName: 'todo-tls' },
  images: {
    backend: { repository: 'ghcr.io/example/todo-backend', tag: '0.1.0', pullPolicy: 'IfNotPresent' },
    frontend: { repository: 'ghcr.io/example/todo-frontend', tag: '0.1.0', pullPolicy: 'IfNotPresent' },
  },
  backend: {
    ...LOCAL_PROFILE.backend,
    replicas: 3,
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
  },
  frontend: {
    ...LOCAL_PROFILE.frontend,
    replicas: 2,
    resources: { requests: { cpu: '250m', memory: '384Mi' }, limits: { cpu: '1', memory: '1Gi' } },
  },
  database: { kind: 'external', urlSecretKey: 'DATABASE_URL' },
};

/** Every profile `TODO_PROFILE` may name. */
export const PROFILES: Readonly<Record<string, TodoConfig>> = {
  local: LOCAL_PROFILE,
  cloud: CLOUD_PROFILE,
};

/** The profile used when `TODO_PROFILE` is unset. */
export const DEFAULT_PROFILE = 'local';
