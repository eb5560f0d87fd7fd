import { TodoConfig } from '../model/settings/types';
import { SECRET_KEYS } from '../model/secret-keys';
import { DEFAULT_STATE_CONNECTION_KEY } from '../model/dapr';
import { DotenvEntry } from './dotenv';
import { KeyNamer, keyNamer } from './key-names';
import { SecretRead, secretsRead } from './secret-keys-read';
import { wrappedSecondLineKeys } from './unread-keys';

/** Shortest BETTER_AUTH_SECRET accepted, in characters (docs/configuration.md "Secrets": "at least 32 random characters"). */
export const MIN_AUTH_SECRET_LENGTH = 32;

/** What a value of a key this project knows must look like. */
interface ValueCheck {
  readonly test: (value: string) => boolean;
  readonly allowed: string;
}

/** Checks for the values of the keys this project's workloads read; other keys only need a value. */
export function secretValueChecks(config: TodoConfig): ReadonlyMap<string, ValueCheck> {
  const checks = new Map<string, ValueCheck>([
    // Better Auth signs sessions with it; docs/configuration.md promises the Secret holds at least 32 characters.
    [SECRET_KEYS.betterAuthSecret, { test: (v) => [...v].length >= MIN_AUTH_SECRET_LENGTH, allowed: `at least ${MIN_AUTH_SECRET_LENGTH} characters, e.g. from \`openssl rand -base64 32\`` }],
  ]);
  const db = config.database;
  if (db.kind === 'in-cluster' || 'host' in db) {
    const key = 'host' in db ? db.passwordSecretKey ?? SECRET_KEYS.postgresPassword : SECRET_KEYS.postgresPassword;
    // Expanded as is into DATABASE_URL, so it must not need percent-encoding.
    checks.set(key, { test: (v) => /^[A-Za-z0-9._~-]+$/.test(v), allowed: 'URL-safe characters only (letters, digits, "-", ".", "_", "~"), e.g. from `openssl rand -hex 24`' });
  } else {
    checks.set(db.urlSecretKey, { test: (v) => /^postgres(ql)?:\/\/\S+$/.test(v), allowed: 'a postgresql:// URL (for Neon, ending in ?sslmode=require)' });
  }
  const state = config.dapr?.enabled ? config.dapr.stateStore : undefined;
  if (state) {
    // Read by Dapr's state.postgresql (pgx): a key=value DSN or a URL, with the host the sidecar dials.
    checks.set(state.connectionStringSecretKey ?? DEFAULT_STATE_CONNECTION_KEY, {
      test: (v) => /^postgres(ql)?:\/\/\S+$/.test(v) || /(^|\s)host=\S+/.test(v),
      allowed: 'a PostgreSQL connection string: "host=postgres port=5432 user=todo password=... dbname=todo" (the in-cluster database: host postgres) or a postgres:// URL',
    });
  }
  return checks;
}

/** What the synthesized objects read from the configuration's Secret (`secretName` in `namespace`). */
export function configSecretRead(config: TodoConfig, objects: readonly unknown[]): SecretRead {
  const read = secretsRead(objects).find((s) => s.secretName === config.secretName && (s.namespace ?? 'default') === config.namespace);
  return read ?? { secretName: config.secretName, namespace: config.namespace, keys: [], wholeSecretReadBy: [] };
}

/** The outcome of building the Secret: a manifest, or the problems, named by key only. */
export type SecretManifestResult =
  | { readonly ok: true; readonly yaml: string; readonly keys: string[]; readonly ignored: string[]; readonly names: KeyNamer }
  | { readonly ok: false; readonly problems: string[]; readonly names: KeyNamer };

/**
 * Builds the configuration's Secret manifest from .env values, with exactly the keys the
 * synthesized objects read (see secretsRead), whoever added them: every key a pod needs must
 * have a value; keys only `optional` readers use are taken when present; with a reader of the
 * whole Secret (`envFrom`) every .env key is, except the second line of a wrapped value, which
 * is refused. Values go into `data` (base64); messages name keys, never values, and a key that
 * is not plainly a variable name only by its line (`names`).
 */
export function buildSecretManifest(config: TodoConfig, dotenv: ReadonlyMap<string, string> | readonly DotenvEntry[], objects: readonly unknown[]): SecretManifestResult {
  const entries = dotenv instanceof Map ? undefined : (dotenv as readonly DotenvEntry[]);
  const values: ReadonlyMap<string, string> = entries ? new Map(entries.map((e) => [e.key, e.value])) : (dotenv as ReadonlyMap<string, string>);
  const read = configSecretRead(config, objects);
  const checks = secretValueChecks(config);
  const names = keyNamer(entries, [...read.keys.map((k) => k.key), ...checks.keys(), ...Object.values(SECRET_KEYS)]);
  const wanted = read.keys.filter((k) => !k.optional || values.has(k.key));
  const keys = (read.wholeSecretReadBy.length > 0 ? [...new Set([...wanted.map((k) => k.key), ...values.keys()])] : wanted.map((k) => k.key)).sort();
  const wrapped = entries ? wrappedSecondLineKeys(entries) : new Set<string>();
  const problems: string[] = [];
  for (const key of keys) {
    const value = values.get(key);
    const check = checks.get(key);
    const name = names.name(key);
    // Read whole, the second line of a wrapped value would become a key of its own (its name a piece of the secret).
    if (wrapped.has(key) && !read.keys.some((k) => k.key === key)) problems.push(`${name}: looks like the second half of the value on the line before, wrapped onto two lines (${readers(read, key)} read every key of the Secret); allowed: one KEY=VALUE per line: join the two lines`);
    else if (value === undefined || value === '') problems.push(`${name}: missing or empty (read by ${readers(read, key)})`);
    // kubectl keeps quotes as part of the value; they are almost never meant to be.
    else if (/^(["']).*\1$/.test(value)) problems.push(`${name}: value is wrapped in quotes, which would become part of the secret; allowed: the bare value`);
    else if (/\s$/.test(value)) problems.push(`${name}: value ends in whitespace, which would become part of the secret; allowed: the bare value`);
    else if (/^\s/.test(value)) problems.push(`${name}: value starts with whitespace after "=", which would become part of the secret; allowed: the bare value`);
    else if (check && !check.test(value)) problems.push(`${name}: value not allowed; allowed: ${check.allowed}`);
  }
  if (problems.length > 0) return { ok: false, problems, names };

  const data = keys.map((k) => `  ${k}: ${Buffer.from(values.get(k)!, 'utf8').toString('base64')}`);
  const yaml = [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    `  name: ${config.secretName}`,
    `  namespace: ${config.namespace}`,
    'type: Opaque',
    ...(data.length > 0 ? ['data:', ...data] : []),
    '',
  ].join('\n');
  return { ok: true, yaml, keys, ignored: [...values.keys()].filter((k) => !keys.includes(k)), names };
}

/** The objects reading a key, shortened to `Kind/name` each. */
function readers(read: SecretRead, key: string): string {
  const by = read.keys.find((k) => k.key === key)?.readBy ?? read.wholeSecretReadBy;
  return [...new Set(by.map((r) => r.split(' ')[0]))].join(', ');
}
