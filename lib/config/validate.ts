import { parseBytes, parseCpuMillis } from './quantity';
import { ImageSettings, ResourceSettings, TodoConfig, WorkloadSettings } from './types';

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
    } else {
      c.check(typeof db.urlSecretKey === 'string' && SECRET_KEY.test(db.urlSecretKey), 'database.urlSecretKey', db.urlSecretKey,
        'a Secret key: letters, digits, "-", "_" and "."');
    }
  }

  if (c.issues.length > 0) throw new ConfigError(source, c.issues);
  return config;
}
