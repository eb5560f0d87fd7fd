import * as Yaml from 'yaml';
import { SECRET_KEYS } from '../model/secret-keys';
import { TodoConfig } from '../model/settings/types';
import { DotenvEntry } from '../secrets/dotenv';
import { KeyNamer } from '../secrets/key-names';
import { buildSecretManifest } from '../secrets/secret-manifest';
import { DeployRefusal } from './deploy-refusal';
import { FIELD_MANAGER } from './field-manager';
import { Kubectl, KubectlError } from './kubectl';
import { Redactor } from './redact';
import { LABEL_KEYS, OWNER_LABEL } from '../model/labels';

/** The Secret deploy would write, checked against the manifests and the cluster, not yet applied. */
export interface SecretPlan {
  readonly namespace: string;
  readonly name: string;
  /** The Secret object (values base64 in `data`): never printed. */
  readonly object: Record<string, any>;
  readonly keys: readonly string[];
  /** `create` (absent), `unchanged` or `update` (differs, and --update-secret was given). */
  readonly action: 'create' | 'unchanged' | 'update';
  /** Keys whose value or presence differs from the cluster's Secret (names only). */
  readonly differing: readonly string[];
  /** How messages name keys: a key that may be a piece of a value only by its line. */
  readonly names: KeyNamer;
}

/**
 * Plans the configuration's Secret from .env, refusing (DeployRefusal, before anything changes)
 * when .env lacks a key the manifests read, the user's additions included (the same keys
 * `npm run secret` writes), or when the cluster's Secret exists and differs without
 * `updateSecret`. The cluster's Secret is read but its values are only compared, never shown.
 */
export async function planSecret(
  kubectl: Kubectl,
  config: TodoConfig,
  entries: readonly DotenvEntry[],
  envFile: string,
  manifests: readonly unknown[],
  updateSecret: boolean,
): Promise<SecretPlan> {
  const built = buildSecretManifest(config, entries, manifests);
  if (!built.ok) {
    throw new DeployRefusal(`${envFile}: cannot make Secret ${config.namespace}/${config.secretName} from it:`, built.problems.map((p) => `- ${p}`));
  }
  const names = built.names;
  const object = Yaml.parse(built.yaml);
  object.metadata.labels = { [LABEL_KEYS.partOf]: config.instance, [LABEL_KEYS.managedBy]: FIELD_MANAGER, [OWNER_LABEL]: config.instance };
  const desired: Record<string, string> = object.data ?? {};

  const live = await kubectl.run(['get', 'secret', config.secretName, '-n', config.namespace, '-o', 'json', '--ignore-not-found']);
  if (live.code !== 0) throw new KubectlError(['get', 'secret', config.secretName], { ...live, stdout: '' });
  if (live.stdout.trim() === '') return { namespace: config.namespace, name: config.secretName, object, keys: built.keys, action: 'create', differing: [], names };
  const current: Record<string, string> = JSON.parse(live.stdout).data ?? {};
  const differing = [...new Set([...Object.keys(desired), ...Object.keys(current)])].filter((k) => desired[k] !== current[k]).sort();
  if (differing.length === 0) return { namespace: config.namespace, name: config.secretName, object, keys: built.keys, action: 'unchanged', differing, names };
  if (!updateSecret) {
    const describe = (k: string) => `${names.name(k)} (${!(k in current) ? "not in the cluster's Secret" : !(k in desired) ? "only in the cluster's Secret" : 'value differs'})`;
    const dbPassword = config.database.kind === 'in-cluster' && differing.includes(SECRET_KEYS.postgresPassword);
    throw new DeployRefusal(`Secret ${config.namespace}/${config.secretName} already exists and differs from ${envFile} in: ${differing.map(describe).join(', ')} (values not shown).`, [
      `To replace it with ${envFile}: npm run deploy -- --update-secret   (the apps that read a changed key restart)`,
      `To keep the cluster's values, make ${envFile} match them.`,
      ...(dbPassword ? [`${SECRET_KEYS.postgresPassword}: the in-cluster PostgreSQL keeps the password its volume was created with; a new one in the Secret alone locks the apps out (change it in the database first, or npm run down -- --delete-data)`] : []),
    ]);
  }
  return { namespace: config.namespace, name: config.secretName, object, keys: built.keys, action: 'update', differing, names };
}

/**
 * Writes the planned Secret by server-side apply (its values go over stdin, never on a command
 * line). Keys the cluster's Secret has that .env lacks are removed. An update takes the fields
 * over from another manager (`kubectl create secret`, an earlier client-side apply).
 */
export async function applySecret(kubectl: Kubectl, plan: SecretPlan, redact: Redactor): Promise<void> {
  if (plan.action === 'unchanged') return;
  const args = ['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, ...(plan.action === 'update' ? ['--force-conflicts'] : []), '-f', '-'];
  const result = await kubectl.run(args, JSON.stringify(plan.object));
  if (result.code !== 0) throw new KubectlError(['apply', 'secret', plan.name], { ...result, stderr: redact(result.stderr), stdout: '' });
  if (plan.action === 'update') {
    // Server-side apply keeps keys another manager set: drop the ones .env no longer has.
    const live = await kubectl.json(['get', 'secret', plan.name, '-n', plan.namespace]);
    const extra = Object.keys(live.data ?? {}).filter((k) => !plan.keys.includes(k));
    if (extra.length > 0) {
      const patch = JSON.stringify(extra.map((k) => ({ op: 'remove', path: `/data/${k.replace(/~/g, '~0').replace(/\//g, '~1')}` })));
      await kubectl.ok(['patch', 'secret', plan.name, '-n', plan.namespace, '--type=json', `--field-manager=${FIELD_MANAGER}`, '-p', patch]);
    }
  }
}
