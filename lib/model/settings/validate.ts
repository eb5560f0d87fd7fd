import { APP_CHECK_IDS } from './app-check-ids';
import { AUTH_CONFIG_PATH_ALLOWED, isAuthConfigPath } from './frontend-migration';
import { BETTER_AUTH_MIGRATION_CONTRACT } from '../contract/image-contract';
import { isCredentialParam } from '../contract/database-url';
import { nearest } from '../../util/nearest';
import { bytesInRange, parseBytes, STORAGE_RANGE } from '../quantity';

export { describeValue };
import { trackReads, UnknownKey } from './read-tracker';
import { RemovedKey } from './layers';
import { buildSettings } from './validate-build';
import { daprSettings } from './validate-dapr';
import { ALLOWED, FieldChecker, FieldIssue, describeValue, mayBeCredential } from '../field-checker';
import { imageSettings } from './validate-image';
import { workloadSettings } from './validate-workload';
import { HTTP_PATH_ALLOWED } from '../../util/http-path';
import { quoteKey } from '../../util/quote';
import { ExternalDatabaseByParts, TodoConfig } from './types';
import { ExplainedError } from '../../util/explained-error';
import { DNS1123_SUBDOMAIN } from '../kube-names';

/** One thing wrong with a configuration: where, what, and what is allowed instead. */
export type ConfigIssue = FieldIssue;

/** Thrown when a configuration cannot be deployed; its message lists every issue found. */
export class ConfigError extends ExplainedError {
  constructor(public readonly source: string, public readonly issues: readonly ConfigIssue[]) {
    super(
      `Invalid configuration (${source}):\n` +
        issues.map((i) => `  - ${[i.file, i.field].filter(Boolean).join(': ')}: ${i.problem}; allowed: ${i.allowed}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Options of validateConfig. */
export interface ValidateOptions {
  /**
   * The file that set a field (or its nearest parent), for messages.
   * @default no file is named
   */
  readonly fileOf?: (field: string) => string | undefined;
  /**
   * Keys the files set to `null` (mergeLayers' `removed`): checked as known keys like the rest.
   * @default none
   */
  readonly removed?: readonly RemovedKey[];
}

const PG_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
// The official image, from Docker Hub or a mirror of it (`mirror.example.com/library/postgres:16`,
// `localhost:5001/postgres:16`): the image's entrypoint, user ids and psql are what the chart relies on.
const PINNED_POSTGRES = /^((localhost|[a-z0-9-]+(\.[a-z0-9-]+)+)(:\d+)?\/(library\/)?)?postgres:(\d+)(\.\d+)?(-[a-z0-9.]+)?(@sha256:[a-f0-9]{64})?$/;

/**
 * Namespaces the app must not share: `default` holds whatever else lands there, and `kube-*`
 * belong to Kubernetes itself; relabelling them `enforce: restricted` would break system pods.
 */
const RESERVED_NAMESPACE = /^(default|kube-.*)$/;

const URL_SCHEME = /^[a-z][a-z0-9+.-]*$/;
const MIGRATE_TAG_SUFFIX = BETTER_AUTH_MIGRATION_CONTRACT.tagSuffix;

/** Probe paths, DATABASE_URL schemes and migrations of the two workloads. */
function workloadExtras(c: FieldChecker, config: TodoConfig): void {
  for (const w of ['backend', 'frontend'] as const) {
    const s = config[w];
    if (s?.healthCheckPath !== undefined) {
      c.httpPath(`${w}.healthCheckPath`, s.healthCheckPath, `${HTTP_PATH_ALLOWED}; leave it out for TCP probes`);
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
      c.check(isAuthConfigPath(path), 'frontend.migration.authConfigPath', path, AUTH_CONFIG_PATH_ALLOWED);
    }
    const tag = config.images?.frontend?.tag;
    if (typeof tag === 'string' && tag.length + MIGRATE_TAG_SUFFIX.length > 128) {
      c.fail('images.frontend.tag', `is ${tag.length} characters; the migration image's tag "<tag>${MIGRATE_TAG_SUFFIX}" would exceed 128`,
        `a tag of at most ${128 - MIGRATE_TAG_SUFFIX.length} characters while frontend.migration.kind is "better-auth"`);
    }
  }
}

/** An external database described by host, port, database, user and params. */
function externalDatabaseByParts(c: FieldChecker, db: ExternalDatabaseByParts): void {
  const plain = 'letters, digits, "-", "_" and "." (no "/ @ : ? #" or spaces)';
  c.check(typeof db.host === 'string' && db.host.length <= 253 && /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/.test(db.host), 'database.host', db.host,
    'a DNS name or IP address such as "ep-cool-darkness-123456.eu-central-1.aws.neon.tech"');
  if (db.port !== undefined) c.integer('database.port', db.port, 1, 65535);
  c.check(typeof db.databaseName === 'string' && /^[A-Za-z0-9_.-]{1,63}$/.test(db.databaseName), 'database.databaseName', db.databaseName, plain);
  c.check(typeof db.user === 'string' && /^[A-Za-z0-9_.-]{1,63}$/.test(db.user), 'database.user', db.user, plain);
  if (db.passwordSecretKey !== undefined) {
    c.secretKey('database.passwordSecretKey', db.passwordSecretKey);
  }
  if (db.params !== undefined) {
    const ok = typeof db.params === 'object' && db.params !== null &&
      Object.entries(db.params).every(([k, v]) => /^[a-z_]+$/.test(k) && typeof v === 'string' && /^[A-Za-z0-9_.\/-]*$/.test(v));
    c.check(ok, 'database.params', db.params, 'libpq parameters as strings, such as { "sslmode": "require" }');
    if (ok) {
      for (const key of Object.keys(db.params).filter(isCredentialParam)) {
        c.fail(`database.params.${key}`, 'would write a credential into every DATABASE_URL in dist/ (value not shown)',
          'the password in the Secret, under database.passwordSecretKey (default POSTGRES_PASSWORD)');
      }
    }
  }
}

/** The checks themselves, over a view of the configuration that records what they read. */
function checkFields(c: FieldChecker, config: TodoConfig): void {
  c.check(typeof config.profile === 'string' && config.profile.length > 0, 'profile', config.profile, 'a non-empty name');
  if (c.label('namespace', config.namespace) && RESERVED_NAMESPACE.test(config.namespace)) {
    c.fail('namespace', `"${config.namespace}" is reserved (shared with everything else, or Kubernetes' own)`, 'a namespace of the app\'s own, such as "todo"; not "default" or "kube-*"');
  }
  c.label('instance', config.instance);
  c.subdomain('secretName', config.secretName);

  const urls = c.mapping('publicUrls', config.publicUrls, 'a mapping with frontend and backend') ? config.publicUrls : undefined;
  const frontendUrl = urls && c.url('publicUrls.frontend', urls.frontend, true);
  const backendUrl = urls && c.url('publicUrls.backend', urls.backend, false);

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

  if (c.mapping('images', config.images, 'a mapping with backend and frontend')) {
    imageSettings(c, 'images.backend', config.images.backend);
    imageSettings(c, 'images.frontend', config.images.frontend);
  }
  workloadSettings(c, 'backend', config.backend);
  workloadSettings(c, 'frontend', config.frontend);

  const db = config.database;
  if (c.oneOf('database.kind', db?.kind, ['in-cluster', 'external'])) {
    if (db.kind === 'in-cluster') {
      c.string('database.image', db.image, (s) => PINNED_POSTGRES.test(s),
        'the official postgres image pinned to a major version, such as "postgres:17-alpine" or "postgres:16.4" (from a mirror: "mirror.example.com/library/postgres:17-alpine")');
      c.string('database.databaseName', db.databaseName, (s) => PG_IDENTIFIER.test(s),
        'a lowercase PostgreSQL identifier: letters, digits and "_", starting with a letter or "_", at most 63 characters');
      c.string('database.user', db.user, (s) => PG_IDENTIFIER.test(s),
        'a lowercase PostgreSQL identifier: letters, digits and "_", starting with a letter or "_", at most 63 characters');
      c.quantity('database.storage', db.storage, parseBytes, (b) => bytesInRange(b, STORAGE_RANGE), ALLOWED.storage);
      if (db.storageClassName !== undefined) c.subdomain('database.storageClassName', db.storageClassName);
      c.resources('database.resources', db.resources);
    } else if ('host' in db) {
      externalDatabaseByParts(c, db);
    } else {
      c.secretKey('database.urlSecretKey', db.urlSecretKey,
        'a Secret key: at most 253 letters, digits, "-", "_" and ".", and not "." or ".." (or describe the database by host, databaseName and user)');
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
  appCheckSettings(c, config);
  buildSettings(c, config);
  daprSettings(c, config);
}

/** `appChecks.allow`: ids of app-source checks whose errors the user lets pass (npm run check-app). */
function appCheckSettings(c: FieldChecker, config: TodoConfig): void {
  const settings = config.appChecks;
  if (settings === undefined || !c.mapping('appChecks', settings, 'a mapping with allow: a list of app-check ids')) return;
  const ids: readonly string[] = APP_CHECK_IDS;
  const allow = settings.allow;
  c.check(Array.isArray(allow) && allow.every((id) => typeof id === 'string' && ids.includes(id)), 'appChecks.allow', allow,
    `a list of app-check ids (npm run check-app names them): ${ids.join(', ')}`);
}

/** Unknown keys listed one by one; the others are counted. */
const MAX_LISTED_UNKNOWN_KEYS = 50;

/**
 * Keys the checks never read are unknown: a typo would otherwise be dropped in silence. Keys
 * under an object whose own kind was refused are not reported: the checks could not tell
 * which keys it should have.
 */
function unknownKeyIssues(
  unknown: ReturnType<ReturnType<typeof trackReads>['unknownKeys']>,
  issues: readonly ConfigIssue[],
  fileOf: (field: string) => string | undefined = () => undefined,
): ConfigIssue[] {
  const refused = new Set(issues.map((i) => i.field));
  const reported = unknown.filter((u) => !refused.has(u.parent) && !refused.has(u.parent ? `${u.parent}.kind` : 'kind'));
  // Thousands of unknown keys (a wrong file named as a values file) make a message nobody reads.
  const rest = reported.length - MAX_LISTED_UNKNOWN_KEYS;
  const more: ConfigIssue[] = rest > 0
    ? [{ field: `(${rest} more unknown keys)`, problem: 'not listed', allowed: `the keys of the configuration; the first ${MAX_LISTED_UNKNOWN_KEYS} are above` }]
    : [];
  return reported.slice(0, MAX_LISTED_UNKNOWN_KEYS)
    .map((u) => {
      const guess = /[:$@]/.test(u.key) ? undefined : nearest(u.key, u.known);
      const where = u.parent ? u.parent : 'the top level';
      // A key is shown like a value: quoted (a newline or an escape sequence must not forge
      // output), and not at all when it could be a pasted credential.
      // A key with ":", "$" or "@" is no field name and may be user:password or a crypt hash (`-f /etc/shadow`).
      const hidden = mayBeCredential(u.key) || /[:$@]/.test(u.key);
      const key = hidden ? `(a key of ${u.key.length} characters, not shown)` : quoteKey(u.key);
      // Left over from an earlier file under a mapping a later file changed (e.g. the cloud
      // profile's urlSecretKey under a database a values file describes by host): say how to drop it.
      const [keyFile, parentFile] = [fileOf(u.path), u.parent ? fileOf(u.parent) : undefined];
      const leftOver = keyFile && parentFile && keyFile !== parentFile && !hidden
        ? `, left from ${keyFile} under the ${u.parent} that ${parentFile} changes; to drop it, set ${key}: null under ${u.parent} in ${parentFile}`
        : '';
      return {
        field: u.parent ? `${u.parent}.${key}` : key,
        problem: `unknown key${guess ? ` (did you mean "${guess}"?)` : ''}${leftOver}`,
        allowed: u.known.length > 0 ? `the keys of ${where}: ${[...u.known].sort().join(', ')}` : `no keys under ${where}`,
        // The file from the real path: the shown one may hide the key.
        ...(fileOf(u.path) ? { file: fileOf(u.path) } : {}),
      };
    })
    .concat(more);
}

/**
 * Checks a configuration and returns it unchanged, or throws a ConfigError listing every field
 * that is wrong and every key no check reads. `source` names where the configuration came from
 * (e.g. `profile "local"`).
 */
export function validateConfig(config: TodoConfig, source: string, options: ValidateOptions = {}): TodoConfig {
  const c = new FieldChecker();
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ConfigError(source, [{ field: '(top level)', problem: `got ${describeValue('', config)}`, allowed: 'a mapping of the fields below' }]);
  }
  const tracker = trackReads(config);
  checkFields(c, tracker.view);
  // A key set to null is gone from the configuration, but an unknown one is still a mistake (or not a values file at all).
  const removedUnknown = new Map<string, UnknownKey>();
  for (const r of options.removed ?? []) {
    const read = tracker.keysRead(r.parent);
    const path = r.parent ? `${r.parent}.${r.key}` : r.key;
    if (read !== undefined && !read.includes(r.key)) removedUnknown.set(path, { path, parent: r.parent, key: r.key, known: read });
  }
  const issues = [...c.issues, ...unknownKeyIssues([...tracker.unknownKeys(), ...removedUnknown.values()], c.issues, options.fileOf)];
  if (issues.length > 0) {
    throw new ConfigError(source, issues.map((i) => ({ ...i, file: i.file ?? options.fileOf?.(i.field) })).map(({ file, ...i }) => (file ? { ...i, file } : i)));
  }
  return config;
}
