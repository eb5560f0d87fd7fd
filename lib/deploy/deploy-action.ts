import type Docker from 'dockerode';
import { lockFilePath, readImagesLock, withPushedReferences, writeImagesLock } from '../images/lock';
import { DATABASE_COMPONENT } from '../model/labels';
import { SECRET_KEYS } from '../model/secret-keys';
import { TodoConfig } from '../model/settings/types';
import { DotenvEntry } from '../secrets/dotenv';
import { configSecretRead } from '../secrets/secret-manifest';
import { CustomKindScopes } from '../model/api-scope';
import { ApplyReport, applyObjects, dryRunApply, groupForApply } from './apply';
import { planNamespace, readNamespace } from './ownership';
import { DeployRefusal } from './deploy-refusal';
import { checkDaprControlPlane, usesDapr } from './dapr-control-plane';
import { daprAppsToRestart } from './dapr-restarts';
import { daprDiagnoses } from './dapr-diagnose';
import { restartWorkloadsWithoutSidecar } from './dapr-sidecar-repair';
import { kubectlLogReader, readClusterState } from './rollout-read-state';
import { Kubectl } from './kubectl';
import { checkNodePorts } from './node-ports';
import { redactorFor } from './redact';
import { RESTARTABLE_KINDS } from './rollout-cluster-state';
import { WORKLOAD_KINDS } from './rollout-workload-progress';
import { RolloutOutcome, WorkloadRef, waitForRollout } from './rollout-wait';
import { SecretPlan, applySecret, planSecret } from './secret-sync';
import { ClusterTarget, deliverImages, describeTarget, imagesToDeliver, spawnCommand } from './target';
import { diagnosisHints } from './target-hints';

/** The objects of the app deploy applies, and the settings of their instance. */
export interface DeployableApp {
  readonly settings: TodoConfig;
  readonly objects: readonly any[];
  /** Custom kinds' scopes from their CRDs (Synthesis.scopes): which objects get the instance's namespace. */
  readonly scopes: CustomKindScopes;
}

/** What deploy needs besides the cluster: how to build the images and how to synthesize the app. */
export interface DeployInputs {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly kubectl: Kubectl;
  readonly target: ClusterTarget;
  /** The settings from the profile and values files (what images are built from). */
  readonly settings: TodoConfig;
  /** .env's entries (the Secret is made from them) and how the file is named in messages. */
  readonly envFile: { readonly entries: readonly DotenvEntry[]; readonly shown: string };
  /** Builds what changed (unless --no-build) and returns the Docker connection the images are in. */
  readonly buildImages: (() => Promise<Docker>) | undefined;
  /** Connects to Docker without building (--no-build). */
  readonly connectDocker: () => Docker;
  /**
   * Builds the app from settings pinned to the lock (pushed digests when `registry` is given) and
   * synthesizes it; `definitions`: CRDs read from the cluster, for the custom resources' checks.
   */
  readonly synthesize: (registry: string | undefined, definitions?: readonly object[]) => DeployableApp;
  readonly updateSecret: boolean;
  readonly timeoutMs: number;
  /** A line of progress. */
  readonly log: (line: string) => void;
}

/** What a deploy did. */
export interface DeployReport {
  readonly app: DeployableApp;
  readonly secret: SecretPlan;
  readonly applied: ApplyReport;
  readonly restarted: readonly string[];
  readonly notes: readonly string[];
  readonly rollout: RolloutOutcome;
}

/**
 * `npm run deploy` as an action: build what changed, get the images where the cluster runs
 * them, synthesize (same pipeline and checks as `npm run synth`), check the Secret and the apply
 * against the server, apply (Namespace, Secret, then the instance's ApplySet, pruned), wait for
 * the rollout with diagnoses. Everything that can refuse the deploy runs before the first
 * change. Progress goes to `log`; the result is returned for the command to print.
 */
export async function deploy(inputs: DeployInputs): Promise<DeployReport> {
  const { kubectl, target, log } = inputs;
  const redact = redactorFor(inputs.envFile.entries.map((e) => e.value));
  if (target.kind === 'cloud' && !target.registry && inputs.buildImages) {
    throw new DeployRefusal(`${describeTarget(target)}: images built here reach this cluster only through a registry; nothing was built or changed.`, [
      'Give one: npm run deploy -- --registry HOST/PATH (e.g. ghcr.io/acme; `docker login` to it first),',
      'or push the images with your CI and deploy what the profile names: npm run deploy -- --no-build',
    ]);
  }
  // Phase V: Dapr's control plane first, before anything is built or changed.
  let dapr = usesDapr(inputs.settings) ? await checkDaprControlPlane(kubectl) : undefined;
  if (dapr) log(`deploy: Dapr's control plane is Ready in ${dapr.namespace} (${dapr.crds.length} dapr.io CRDs)`);
  const registry = await prepareImages(inputs);

  log('deploy: synth');
  const app = inputs.synthesize(registry, dapr?.crds);
  // Dapr objects a user added in main.ts, with Phase V off in the settings: the same refusal, still before any change.
  if (!dapr && usesDapr(app.settings, app.objects)) dapr = await checkDaprControlPlane(kubectl);
  const settings = app.settings;
  const ns = settings.namespace;
  const [namespace, secret] = await Promise.all([
    readNamespace(kubectl, ns),
    planSecret(kubectl, settings, inputs.envFile.entries, inputs.envFile.shown, app.objects, inputs.updateSecret),
    checkNodePorts(kubectl, groupForApply(app.objects, ns, app.scopes).members, ns),
  ]);
  const exists = namespace.exists;
  // A namespace that was there before the first deploy is someone else's: not labelled, not changed.
  const { groups, note } = planNamespace(groupForApply(app.objects, ns, app.scopes), ns, settings.instance, namespace);
  if (note) log(note);
  log(`deploy: checked against the cluster (namespace ${ns}${exists ? '' : ', new'})`);
  const { createdNamespace } = await dryRunApply(kubectl, groups, ns, exists);

  let applied: ApplyReport;
  try {
    applied = await applyObjects(kubectl, groups, ns, settings.instance, () => applySecret(kubectl, secret, redact));
    if (createdNamespace) applied = namespaceCreated(applied, ns);
  } catch (err) {
    // Past the checks, so the server refused something the dry run could not try.
    throw new DeployRefusal(`Applying failed after every check passed: ${(err as Error).message}`, [
      'What was applied before the failure stays as it is (npm run status shows the rollout).',
      'Fix what the server names and run npm run deploy again: unchanged objects are not written twice.',
    ]);
  }
  const secretLine = { create: 'created', update: `updated (${secret.names.list(secret.differing)})`, unchanged: 'unchanged' }[secret.action];
  log(`deploy: Secret ${ns}/${secret.name} ${secretLine} from ${inputs.envFile.shown} (values not shown)`);
  log(`deploy: applied: ${describeApplyReport(applied)}`);
  const { restarted, notes } = secret.action === 'update' ? await restartReaders(kubectl, app, secret, applied) : { restarted: [], notes: [] };
  for (const note of notes) log(note);
  if (restarted.length > 0) log(`deploy: restarted ${restarted.join(', ')} (they read the updated Secret)`);
  const daprRestarts = daprAppsToRestart(app.objects, applied, configSecretRead(settings, app.objects), secret.action === 'update' ? secret.differing : []).filter((id) => !restarted.includes(id));
  if (daprRestarts.length > 0) {
    await kubectl.ok(['rollout', 'restart', '-n', ns, ...daprRestarts.map((id) => id.toLowerCase())]);
    log(`deploy: restarted ${daprRestarts.join(', ')} (their sidecars read Dapr's Components only at start)`);
  }

  const workloads = app.objects.filter((o) => (WORKLOAD_KINDS as readonly string[]).includes(o.kind)).map((o) => ({ kind: o.kind, name: o.metadata.name }));
  log(`deploy: waiting for ${workloads.length} workloads (timeout ${Math.round(inputs.timeoutMs / 1000)}s)`);
  const waitFor = (list: readonly WorkloadRef[], timeoutMs: number) => waitForRollout({ kubectl, namespace: ns, workloads: list, timeoutMs, log: (l) => log(redact(l)), hints: diagnosisHints(target, settings) });
  let rollout = await waitFor(workloads, inputs.timeoutMs);
  const allRestarted = [...restarted, ...daprRestarts];
  if (rollout.ok && dapr) {
    // Ready pods can still lack their sidecar: the rollout cannot tell, so it is asked here.
    const repair = await restartWorkloadsWithoutSidecar(kubectl, ns, (list) => waitFor(list, Math.max(inputs.timeoutMs - rollout.waitedMs, 60_000)), log);
    allRestarted.push(...repair.restarted.filter((id) => !allRestarted.includes(id)));
    if (repair.rollout && !repair.rollout.ok) rollout = repair.rollout;
    const missing = rollout.ok ? (await daprDiagnoses(await readClusterState(kubectl, ns), kubectlLogReader(kubectl, ns))).filter((d) => /no Dapr sidecar/.test(d[0])) : [];
    if (missing.length > 0) return { app, secret, applied, restarted: allRestarted, notes, rollout: { ...rollout, ok: false, stuck: true, diagnoses: missing } };
  }
  return { app, secret, applied, restarted: allRestarted, notes, rollout: { ...rollout, diagnoses: rollout.diagnoses.map((d) => d.map(redact)) } };
}

/** The Namespace made for the first deploy's dry run was new to this deploy, not unchanged. */
function namespaceCreated(report: ApplyReport, namespace: string): ApplyReport {
  const id = `Namespace/${namespace}`;
  return { ...report, created: [id, ...report.created.filter((o) => o !== id)], unchanged: report.unchanged.filter((o) => o !== id) };
}

/**
 * Builds what changed (unless --no-build), then gets the lock's images where the target runs
 * them; a registry push is recorded in the lock. Returns the registry pushed to, if any.
 */
async function prepareImages(inputs: DeployInputs): Promise<string | undefined> {
  const { target, settings, log } = inputs;
  const lockFile = lockFilePath(inputs.root, inputs.env, settings.instance);
  let docker: Docker;
  if (!inputs.buildImages) {
    log('deploy: --no-build: using the images lock as it is');
    docker = inputs.connectDocker();
  } else {
    log('deploy: images (rebuilt only when their inputs changed)');
    docker = await inputs.buildImages();
  }
  const lock = readImagesLock(lockFile, { required: false });
  if (!lock) return undefined; // --no-build without a lock: the profile's tags (synth says so)
  const registry = target.kind === 'cloud' ? target.registry : undefined;
  const report = await deliverImages(target, imagesToDeliver(lock, registry), { docker, run: spawnCommand, log: (l: string) => log(`  ${l}`) });
  if (registry) writeImagesLock(lockFile, withPushedReferences(lock, registry, report.images));
  return registry;
}

/**
 * Env from a Secret is read when a container starts: the pods that read a changed key start
 * again. Not the in-cluster database: PostgreSQL takes its password only when it initialises
 * its volume, so a restart would only make its own readiness probe fail with the new one.
 */
async function restartReaders(kubectl: Kubectl, app: DeployableApp, secret: SecretPlan, applied: ApplyReport): Promise<{ restarted: string[]; notes: string[] }> {
  const { settings, objects } = app;
  const ns = settings.namespace;
  const read = configSecretRead(settings, objects);
  const readersOfChange = [...read.keys.filter((k) => secret.differing.includes(k.key)).flatMap((k) => k.readBy), ...read.wholeSecretReadBy];
  const database = objects.filter((o) => o.kind === 'StatefulSet' && o.metadata?.labels?.['app.kubernetes.io/component'] === DATABASE_COMPONENT).map((o) => `StatefulSet/${o.metadata.name}`);
  // Readers are named namespace/Kind/name (all in the instance's namespace): Kind/name, as the apply report names objects.
  const kindAndName = (reader: string) => reader.split(' ')[0].split('/').slice(-2).join('/');
  const readers = [...new Set(readersOfChange.map(kindAndName))].filter((id) => RESTARTABLE_KINDS.includes(id.split('/')[0]) && !applied.created.includes(id) && !database.includes(id));
  const notes: string[] = [];
  if (settings.database.kind === 'in-cluster' && secret.differing.includes(SECRET_KEYS.postgresPassword) && !applied.created.includes(database[0])) {
    notes.push(`deploy: note: ${SECRET_KEYS.postgresPassword} changed, but the in-cluster PostgreSQL keeps the password its volume was created with: change it there too (kubectl -n ${ns} exec ${database[0]?.split('/')[1] ?? 'postgres'}-0 -- psql -U ${settings.database.user} -c "ALTER USER ${settings.database.user} PASSWORD '...'"), or start over with npm run down -- --delete-data`);
  }
  if (readers.length > 0) await kubectl.ok(['rollout', 'restart', '-n', ns, ...readers.map((id) => id.toLowerCase())]);
  return { restarted: readers, notes };
}

/** `created 2 (Deployment/worker, ...), configured 1 (...), unchanged 5, pruned 1 (...)`, or `nothing changed`. */
export function describeApplyReport(r: ApplyReport): string {
  const part = (word: string, ids: readonly string[], named = true) => (ids.length === 0 ? [] : [`${word} ${ids.length}${named ? ` (${ids.join(', ')})` : ''}`]);
  const changes = [...part('created', r.created), ...part('configured', r.configured), ...part('pruned', r.pruned)];
  return changes.length === 0 ? `nothing changed (${r.unchanged.length} objects as they were)` : [...changes, ...part('unchanged', r.unchanged, false)].join(', ');
}
