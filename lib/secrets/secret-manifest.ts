import { TodoConfig } from '../config/types';
import { SECRET_KEYS } from '../common/secret-keys';

/** Shortest BETTER_AUTH_SECRET accepted, in characters (README: "at least 32 random characters"). */
export const MIN_AUTH_SECRET_LENGTH = 32;

/** A key the Secret must hold, and what its value must look like. */
interface SecretKeySpec {
  readonly key: string;
  readonly check?: { readonly test: (value: string) => boolean; readonly allowed: string };
}

/** The keys the workloads of a configuration read from the Secret. */
export function requiredSecretKeys(config: TodoConfig): SecretKeySpec[] {
  const db = config.database;
  const database: SecretKeySpec =
    db.kind === 'in-cluster' || 'host' in db
      ? {
          // An external database described by host/user/... (constructs branch) has a password key too.
          key: 'host' in db ? db.passwordSecretKey ?? SECRET_KEYS.postgresPassword : SECRET_KEYS.postgresPassword,
          // Expanded as is into DATABASE_URL, so it must not need percent-encoding.
          check: { test: (v) => /^[A-Za-z0-9._~-]+$/.test(v), allowed: 'URL-safe characters only (letters, digits, "-", ".", "_", "~"), e.g. from `openssl rand -hex 24`' },
        }
      : {
          key: db.urlSecretKey,
          check: { test: (v) => /^postgres(ql)?:\/\/\S+$/.test(v), allowed: 'a postgresql:// URL (for Neon, ending in ?sslmode=require)' },
        };
  return [
    {
      key: SECRET_KEYS.betterAuthSecret,
      // Better Auth signs sessions with it; README promises the Secret holds at least 32 characters.
      check: { test: (v) => [...v].length >= MIN_AUTH_SECRET_LENGTH, allowed: `at least ${MIN_AUTH_SECRET_LENGTH} characters, e.g. from \`openssl rand -base64 32\`` },
    },
    { key: SECRET_KEYS.openAiApiKey },
    database,
  ];
}

/** The outcome of building the Secret: a manifest, or the problems, named by key only. */
export type SecretManifestResult =
  | { readonly ok: true; readonly yaml: string; readonly keys: string[]; readonly ignored: string[] }
  | { readonly ok: false; readonly problems: string[] };

/**
 * Builds the Secret manifest from .env values. Values go into `data` (base64); messages name
 * keys, never values.
 */
export function buildSecretManifest(config: TodoConfig, values: ReadonlyMap<string, string>): SecretManifestResult {
  const specs = requiredSecretKeys(config);
  const problems: string[] = [];
  for (const { key, check } of specs) {
    const value = values.get(key);
    if (value === undefined || value === '') problems.push(`${key}: missing or empty`);
    // kubectl keeps quotes as part of the value; they are almost never meant to be.
    else if (/^(["']).*\1$/.test(value)) problems.push(`${key}: value is wrapped in quotes, which would become part of the secret; allowed: the bare value`);
    else if (/\s$/.test(value)) problems.push(`${key}: value ends in whitespace, which would become part of the secret; allowed: the bare value`);
    else if (/^\s/.test(value)) problems.push(`${key}: value starts with whitespace after "=", which would become part of the secret; allowed: the bare value`);
    else if (check && !check.test(value)) problems.push(`${key}: value not allowed; allowed: ${check.allowed}`);
  }
  if (problems.length > 0) return { ok: false, problems };

  const keys = specs.map((s) => s.key);
  const data = keys.map((k) => `  ${k}: ${Buffer.from(values.get(k)!, 'utf8').toString('base64')}`);
  const yaml = [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    `  name: ${config.secretName}`,
    `  namespace: ${config.namespace}`,
    'type: Opaque',
    'data:',
    ...data,
    '',
  ].join('\n');
  return { ok: true, yaml, keys, ignored: [...values.keys()].filter((k) => !keys.includes(k)) };
}
