import { parseBytes, parseCpuMillis } from './quantity';
import { ExternalDatabaseByParts, ImageSettings, ResourceSettings, TodoConfig, WorkloadSettings } from './types';

/** One thing wrong with a configuration: where, what, and what is allowed instead. */
export interface ConfigIssue {
  /** Dotted path of the field, e.g. `backend.replicas`. */
  readonly field: string;
  readonly problem: string;
  readonly allowed: string;
}

/** Thrown when a configuration cannot be deployed; its message lists every issue found. */
export class ConfigError extends Error {
  constructor(public readonly source: string, public readonly issues: readonly ConfigIssue[]) {
    super(
      `Invalid configuration (${source}):\n` +
        issues.map((i) => `  - ${i.field}: ${i.problem}; allowed: ${i.allowed}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IMAGE_REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]|__|-*)?[a-z0-9]*)*$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const PG_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const PINNED_POSTGRES = /^(docker\.io\/(library\/)?)?postgres:(\d+)(\.\d+)?(-[a-z0-9.]+)?(@sha256:[a-f0-9]{64})?$/;
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const MAX_REPLICAS = 100;

const ALLOWED = {
  label: 'a DNS-1123 label: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit',
  subdomain: 'a DNS-1123 subdomain: lowercase letters, digits, "-" and ".", at most 253 characters',
  cpu: 'a CPU quantity such as "250m", "0.5" or "2"',
  memory: 'a memory quantity such as "128Mi", "1Gi" or "500M"',
};

/** Collects issues; each check names the field it looked at. */
class Checker {
  readonly issues: ConfigIssue[] = [];

  fail(field: string, problem: string, allowed: string): void {
    this.issues.push({ field, problem, allowed });
  }

  check(ok: boolean, field: string, value: unknown, allowed: string): boolean {
    if (!ok) this.fail(field, `got ${JSON.stringify(value)}`, allowed);
    return ok;
  }

  label(field: string, value: unknown): void {
    this.check(typeof value === 'string' && value.length <= 63 && DNS1123_LABEL.test(value), field, value, ALLOWED.label);
  }

  subdomain(field: string, value: unknown): void {
    this.check(typeof value === 'string' && value.length <= 253 && DNS1123_SUBDOMAIN.test(value), field, value, ALLOWED.subdomain);
  }

  oneOf(field: string, value: unknown, options: readonly string[]): boolean {
    return this.check(typeof value === 'string' && options.includes(value), field, value, `one of ${options.join(', ')}`);
  }

  integer(field: string, value: unknown, min: number, max: number): boolean {
    return this.check(Number.isInteger(value) && (value as number) >= min && (value as number) <= max, field, value, `an integer from ${min} to ${max}`);
  }

  /** An absolute http(s) URL; `originOnly` also rejects a path, query or fragment. */
  url(field: string, value: unknown, originOnly: boolean): URL | undefined {
    const allowed = originOnly
      ? 'an origin such as "http://localhost:30300" or "https://todo.example.com" (scheme, host and optional port; no path)'
      : 'an absolute http:// or https:// URL without query or fragment, such as "https://api.todo.example.com"';
    let parsed: URL | undefined;
    try {
      parsed = typeof value === 'string' ? new URL(value) : undefined;
    } catch {
      parsed = undefined;
    }
    const ok =
      parsed !== undefined &&
      (parsed.protocol === 'http:' || parsed.protocol === 'https:') &&
      !parsed.username && !parsed.password && !parsed.search && !parsed.hash &&
      !(value as string).endsWith('/') &&
      (!originOnly || parsed.pathname === '/');
    return this.check(ok, field, value, allowed) ? parsed : undefined;
  }

  resources(field: string, r: ResourceSettings | undefined): void {
    if (typeof r !== 'object' || r === null) {
      this.fail(field, `got ${JSON.stringify(r)}`, 'an object with requests and limits');
      return;
    }
    for (const side of ['requests', 'limits'] as const) {
      this.check(parseCpuMillis(String(r[side]?.cpu)) !== undefined, `${field}.${side}.cpu`, r[side]?.cpu, ALLOWED.cpu);
      this.check(parseBytes(String(r[side]?.memory)) !== undefined, `${field}.${side}.memory`, r[side]?.memory, ALLOWED.memory);
    }
    const cpu = [parseCpuMillis(String(r.requests?.cpu)), parseCpuMillis(String(r.limits?.cpu))];
    if (cpu[0] !== undefined && cpu[1] !== undefined && cpu[0] > cpu[1]) {
      this.fail(`${field}.requests.cpu`, `request ${r.requests.cpu} is above the limit ${r.limits.cpu}`, 'a request at most the limit');
    }
    const mem = [parseBytes(String(r.requests?.memory)), parseBytes(String(r.limits?.memory))];
    if (mem[0] !== undefined && mem[1] !== undefined && mem[0] > mem[1]) {
      this.fail(`${field}.requests.memory`, `request ${r.requests.memory} is above the limit ${r.limits.memory}`, 'a request at most the limit');
    }
  }

  workload(field: string, w: WorkloadSettings | undefined): void {
    this.integer(`${field}.replicas`, w?.replicas, 0, MAX_REPLICAS);
    this.resources(`${field}.resources`, w?.resources);
  }

  image(field: string, i: ImageSettings | undefined): void {
    this.check(typeof i?.repository === 'string' && i.repository.length <= 255 && IMAGE_REPOSITORY.test(i.repository), `${field}.repository`, i?.repository,
      'an image repository without tag, such as "todo-backend" or "ghcr.io/acme/todo-backend" (lowercase)');
    this.check(typeof i?.tag === 'string' && IMAGE_TAG.test(i.tag), `${field}.tag`, i?.tag,
      'a tag of at most 128 letters, digits, "_", "." and "-", not starting with "." or "-"');
    this.oneOf(`${field}.pullPolicy`, i?.pullPolicy, PULL_POLICIES);
  }
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*$/;
const HTTP_PATH = /^\/[^\s?#]*$/;
const MIGRATE_TAG_SUFFIX = '-migrate';

/** Probe paths, DATABASE_URL schemes and migrations of the two workloads. */
function workloadExtras(c: Checker, config: TodoConfig): void {
  for (const w of ['backend', 'frontend'] as const) {
    const s = config[w];
    if (s?.healthCheckPath !== undefined) {
      c.check(typeof s.healthCheckPath === 'string' && HTTP_PATH.test(s.healthCheckPath), `${w}.healthCheckPath`, s.healthCheckPath,
        'an absolute HTTP path such as "/health" (no spaces, query or fragment); leave it out for TCP probes');
    }
    if (s?.databaseUrlScheme !== undefined) {
      c.check(typeof s.databaseUrlScheme === 'string' && URL_SCHEME.test(s.databaseUrlScheme), `${w}.databaseUrlScheme`, s.databaseUrlScheme,
        'a URL scheme such as "postgresql" or "postgresql+asyncpg"');
    }
  }
  const bm = config.backend?.migration;
  if (bm !== undefined && c.oneOf('backend.migration.kind', bm?.kind, ['none', 'command']) && bm.kind === 'command') {
    c.check(Array.isArray(bm.command) && bm.command.length > 0 && bm.command.every((a) => typeof a === 'string' && a.length > 0),
      'backend.migration.command', bm.command, 'a non-empty array of strings run from the backend image, such as ["alembic", "upgrade", "head"]');
  }
  const fm = config.frontend?.migration;
  if (fm === undefined || (c.oneOf('frontend.migration.kind', fm?.kind, ['better-auth', 'none']) && fm.kind === 'better-auth')) {
    const path = fm?.kind === 'better-auth' ? fm.authConfigPath : undefined;
    if (path !== undefined) {
      c.check(typeof path === 'string' && /^[^/\s][^\s]*\.(ts|js|mts|mjs|cts|cjs)$/.test(path) && !path.split('/').includes('..'),
        'frontend.migration.authConfigPath', path, 'a path relative to /app of the Better Auth config file, such as "src/lib/auth-server.ts"');
    }
    const tag = config.images?.frontend?.tag;
    if (typeof tag === 'string' && tag.length + MIGRATE_TAG_SUFFIX.length > 128) {
      c.fail('images.frontend.tag', `is ${tag.length} characters; the migration image's tag "<tag>${MIGRATE_TAG_SUFFIX}" would exceed 128`,
        `a tag of at most ${128 - MIGRATE_TAG_SUFFIX.length} characters while frontend.migration.kind is "better-auth"`);
    }
  }
}

/** An external database described by host, port, database, user and params. */
function externalDatabaseByParts(c: Checker, db: ExternalDatabaseByParts): void {
  const plain = 'letters, digits, "-", "_" and "." (no "/ @ : ? #" or spaces)';
  c.check(typeof db.host === 'string' && db.host.length <= 253 && /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/.test(db.host), 'database.host', db.host,
    'a DNS name or IP address such as "ep-cool-darkness-123456.eu-central-1.aws.neon.tech"');
  if (db.port !== undefined) c.integer('database.port', db.port, 1, 65535);
  c.check(typeof db.databaseName === 'string' && /^[A-Za-z0-9_.-]{1,63}$/.test(db.databaseName), 'database.databaseName', db.databaseName, plain);
  c.check(typeof db.user === 'string' && /^[A-Za-z0-9_.-]{1,63}$/.test(db.user), 'database.user', db.user, plain);
  if (db.passwordSecretKey !== undefined) {
    c.check(typeof db.passwordSecretKey === 'string' && SECRET_KEY.test(db.passwordSecretKey), 'database.passwordSecretKey', db.passwordSecretKey,
      'a Secret key: letters, digits, "-", "_" and "."');
  }
  if (db.params !== undefined) {
    const ok = typeof db.params === 'object' && db.params !== null &&
      Object.entries(db.params).every(([k, v]) => /^[a-z_]+$/.test(k) && typeof v === 'string' && /^[A-Za-z0-9_.\/-]*$/.test(v));
    c.check(ok, 'database.params', db.params, 'libpq parameters as strings, such as { "sslmode": "require" }');
  }
}

/**
 * Checks a configuration and returns it unchanged, or throws a ConfigError listing every field
 * that is wrong. `source` names where the configuration came from (e.g. `profile "local"`).
 */
export function validateConfig(config: TodoConfig, source: string): TodoConfig {
  const c = new Checker();
  c.check(typeof config.profile === 'string' && config.profile.length > 0, 'profile', config.profile, 'a non-empty name');
  c.label('namespace', config.namespace);
  c.label('instance', config.instance);
  c.subdomain('secretName', config.secretName);

  const frontendUrl = c.url('publicUrls.frontend', config.publicUrls?.frontend, true);
  const backendUrl = c.url('publicUrls.backend', config.publicUrls?.backend, false);

  const exposure = config.exposure;
  if (c.oneOf('exposure.kind', exposure?.kind, ['node-port', 'ingress'])) {
    if (exposure.kind === 'node-port') {
      const a = c.integer('exposure.frontendNodePort', exposure.frontendNodePort, 30000, 32767);
      const b = c.integer('exposure.backendNodePort', exposure.backendNodePort, 30000, 32767);
      if (a && b && exposure.frontendNodePort === exposure.backendNodePort) {
        c.fail('exposure.backendNodePort', `${exposure.backendNodePort} is also the frontend's NodePort`, 'a NodePort different from exposure.frontendNodePort');
      }
    } else {
      if (exposure.className !== undefined) c.subdomain('exposure.className', exposure.className);
      if (exposure.tlsSecretName !== undefined) c.subdomain('exposure.tlsSecretName', exposure.tlsSecretName);
      for (const [field, url] of [['publicUrls.frontend', frontendUrl], ['publicUrls.backend', backendUrl]] as const) {
        if (url && (!DNS1123_SUBDOMAIN.test(url.hostname) || /^[0-9.]+$/.test(url.hostname))) {
          c.fail(field, `host "${url.hostname}" cannot be an Ingress host`, 'a DNS name (not an IP address) when exposure.kind is "ingress"');
        }
      }
      if (frontendUrl && backendUrl && frontendUrl.host === backendUrl.host && backendUrl.pathname === '/') {
        c.fail('publicUrls.backend', `shares host "${backendUrl.host}" and path "/" with publicUrls.frontend`, 'a host of its own, such as "https://api.todo.example.com"');
      }
    }
  }

  c.image('images.backend', config.images?.backend);
  c.image('images.frontend', config.images?.frontend);
  c.workload('backend', config.backend);
  c.workload('frontend', config.frontend);

  const db = config.database;
  if (c.oneOf('database.kind', db?.kind, ['in-cluster', 'external'])) {
    if (db.kind === 'in-cluster') {
      c.check(typeof db.image === 'string' && PINNED_POSTGRES.test(db.image), 'database.image', db.image,
        'the official postgres image pinned to a major version, such as "postgres:17-alpine" or "postgres:16.4"');
      c.check(typeof db.databaseName === 'string' && PG_IDENTIFIER.test(db.databaseName), 'database.databaseName', db.databaseName,
        'a lowercase PostgreSQL identifier: letters, digits and "_", starting with a letter or "_", at most 63 characters');
      c.check(typeof db.user === 'string' && PG_IDENTIFIER.test(db.user), 'database.user', db.user,
        'a lowercase PostgreSQL identifier: letters, digits and "_", starting with a letter or "_", at most 63 characters');
      c.check(parseBytes(String(db.storage)) !== undefined && (parseBytes(String(db.storage)) ?? 0) > 0, 'database.storage', db.storage, 'a storage quantity such as "1Gi"');
      if (db.storageClassName !== undefined) c.subdomain('database.storageClassName', db.storageClassName);
      c.resources('database.resources', db.resources);
    } else if ('host' in db) {
      externalDatabaseByParts(c, db);
    } else {
      c.check(typeof db.urlSecretKey === 'string' && SECRET_KEY.test(db.urlSecretKey), 'database.urlSecretKey', db.urlSecretKey,
        'a Secret key: letters, digits, "-", "_" and "." (or describe the database by host, databaseName and user)');
      // A URL taken whole from a Secret cannot get another scheme per workload.
      for (const w of ['backend', 'frontend'] as const) {
        const scheme = config[w]?.databaseUrlScheme;
        if (scheme !== undefined && scheme !== 'postgresql') {
          c.fail(`${w}.databaseUrlScheme`, `${JSON.stringify(scheme)} cannot be applied to a DATABASE_URL taken whole from Secret key ${db.urlSecretKey}`,
            '"postgresql", or describe the database by host, port, databaseName, user and params (password from the Secret) so each workload gets its own scheme');
        }
      }
    }
    if (db.kind === 'external' && db.clientImage !== undefined) {
      c.check(typeof db.clientImage === 'string' && PINNED_POSTGRES.test(db.clientImage), 'database.clientImage', db.clientImage,
        'a postgres image pinned to a major version (its psql runs the wait), such as "postgres:17-alpine"');
    }
  }
  workloadExtras(c, config);

  if (c.issues.length > 0) throw new ConfigError(source, c.issues);
  return config;
}
