import * as path from 'path';
import { configFlagsEnv } from './config-flags';
import { loadConfig } from '../model/settings/load';
import { TodoConfig } from '../model/settings/types';
import { readEnvFile } from '../secrets/env-file';
import { configSecretRead } from '../secrets/secret-manifest';
import { SECRET_KEYS } from '../model/secret-keys';
import { DATABASE_COMPONENT } from '../constructs/postgres-database/postgres-database';
import { synthInProcess } from '../pipeline/synth-in-process';
import { ApplyReport, applyObjects, dryRunApply, groupForApply, namespaceExists } from '../deploy/apply';
import { buildImagesForDeploy, sourceDirsFor } from '../deploy/build-images';
import { connectDocker } from '../images/docker-endpoint';
import { IMAGES_REGISTRY_ENV, lockFilePath, readImagesLock, withPushedReferences, writeImagesLock } from '../images/lock';
import { DeployCliOptions } from './deploy-options';
import { runCli } from './run-command';
import { DeployRefusal } from '../deploy/deploy-refusal';
import { Kubectl } from '../deploy/kubectl';
import { checkNodePorts } from '../deploy/node-ports';
import { portForward } from '../deploy/port-forward';
import { publicEndpoints, reachable, isLoopback } from '../deploy/public-urls';
import { redactorFor } from '../deploy/redact';
import { WORKLOAD_KINDS } from '../deploy/rollout/workload-progress';
import { waitForRollout } from '../deploy/rollout/wait-for-rollout';
import { applySecret, planSecret } from '../deploy/secret-sync';
import { ClusterTarget, deliverImages, describeTarget, imagesToDeliver, spawnCommand } from '../deploy/target';
import { clusterTarget } from '../deploy/cluster-target';
import { diagnosisHints } from '../deploy/target-hints';

/** Progress and results for a person: on stderr, plain lines (readable in CI logs). */
const say = (line: string) => process.stderr.write(`${line}\n`);

/**
 * `npm run deploy`: detect the target, build what changed and get the images where the cluster
 * runs them, synthesize (same pipeline and checks as `npm run synth`), check the Secret and the
 * apply against the server, apply (Namespace, Secret, then the instance's ApplySet, pruned), wait
 * for the rollout with diagnoses, and print the URLs. Everything that can refuse the deploy runs
 * before the first change. Resolves with the exit code.
 */
export async function runDeploy(options: DeployCliOptions, root: string): Promise<number> {
  const env = configFlagsEnv(options.config, process.env);
  const kubectl = new Kubectl({ context: options.context });
  kubectl.checkVersion();

  // Read the target while the rest starts; the .env first of all, so a missing one stops before a build.
  const targetRead = clusterTarget(kubectl, options.registry);
  targetRead.catch(() => undefined);
  const config: TodoConfig = loadConfig({ env });
  const envFile = options.envFile ? path.resolve(process.env.INIT_CWD || root, options.envFile) : path.join(root, '.env');
  const shownEnvFile = path.relative(root, envFile) || envFile;
  const entries = readEnvFile(envFile);
  const redact = redactorFor(entries.map((e) => e.value));
  const target: ClusterTarget = await targetRead;
  say(`deploy: target ${describeTarget(target)}`);
  if (target.kind === 'cloud' && !target.registry && !options.noBuild) {
    throw new DeployRefusal(`${describeTarget(target)}: images built here reach this cluster only through a registry; nothing was built or changed.`, [
      'Give one: npm run deploy -- --registry HOST/PATH (e.g. ghcr.io/acme; `docker login` to it first),',
      'or push the images with your CI and deploy what the profile names: npm run deploy -- --no-build',
    ]);
  }

  await prepareImages(options, config, target, root);

  say('deploy: synth');
  Object.assign(process.env, env); // main.ts reads its settings from the environment, as under synth
  const synthesized = await synthInProcess({ root });
  const settings = synthesized.settings;
  const manifests = synthesized.manifests;
  const ns = settings.namespace;

  const groups = groupForApply(manifests, ns);
  const [exists, secret] = await Promise.all([
    namespaceExists(kubectl, ns),
    planSecret(kubectl, settings, entries, shownEnvFile, manifests, options.updateSecret),
    checkNodePorts(kubectl, groups.namespaced, ns),
  ]);
  say(`deploy: checked against the cluster (namespace ${ns}${exists ? '' : ', new'})`);
  await dryRunApply(kubectl, groups, ns, exists);

  let report: ApplyReport;
  try {
    report = await applyObjects(kubectl, groups, ns, settings.instance, () => applySecret(kubectl, secret, redact));
  } catch (err) {
    // Past the checks, so the server refused something the dry run could not try (a new namespace's objects).
    throw new DeployRefusal(`Applying failed after every check passed: ${(err as Error).message}`, [
      'What was applied before the failure stays as it is (npm run status shows the rollout).',
      'Fix what the server names and run npm run deploy again: unchanged objects are not written twice.',
    ]);
  }
  const secretLine = { create: 'created', update: `updated (${secret.differing.join(', ')})`, unchanged: 'unchanged' }[secret.action];
  say(`deploy: Secret ${ns}/${secret.name} ${secretLine} from ${shownEnvFile} (values not shown)`);
  say(`deploy: applied: ${describeReport(report)}`);
  if (secret.action === 'update') {
    // Env from a Secret is read when a container starts: the pods that read a changed key start again.
    const read = configSecretRead(settings, manifests);
    const readersOfChange = [...read.keys.filter((k) => secret.differing.includes(k.key)).flatMap((k) => k.readBy), ...read.wholeSecretReadBy];
    // Not the in-cluster database: PostgreSQL takes its password only when it initialises its
    // volume, so a restart would only make its own readiness probe fail with the new one.
    const database = manifests.filter((o) => o.kind === 'StatefulSet' && o.metadata?.labels?.['app.kubernetes.io/component'] === DATABASE_COMPONENT).map((o) => `StatefulSet/${o.metadata.name}`);
    const readers = [...new Set(readersOfChange.map((r) => r.split(' ')[0]))].filter((id) => /^(Deployment|StatefulSet|DaemonSet)\//.test(id) && !report.created.includes(id) && !database.includes(id));
    if (settings.database.kind === 'in-cluster' && secret.differing.includes(SECRET_KEYS.postgresPassword) && !report.created.includes(database[0])) {
      say(`deploy: note: ${SECRET_KEYS.postgresPassword} changed, but the in-cluster PostgreSQL keeps the password its volume was created with: change it there too (kubectl -n ${ns} exec ${database[0]?.split('/')[1] ?? 'postgres'}-0 -- psql -U ${settings.database.user} -c "ALTER USER ${settings.database.user} PASSWORD '...'"), or start over with npm run down -- --delete-data`);
    }
    if (readers.length > 0) {
      await kubectl.ok(['rollout', 'restart', '-n', ns, ...readers.map((id) => id.toLowerCase())]);
      say(`deploy: restarted ${readers.join(', ')} (they read the updated Secret)`);
    }
  }

  const workloads = manifests.filter((o) => (WORKLOAD_KINDS as readonly string[]).includes(o.kind)).map((o) => ({ kind: o.kind, name: o.metadata.name }));
  say(`deploy: waiting for ${workloads.length} workloads (timeout ${Math.round(options.timeoutMs / 1000)}s)`);
  const outcome = await waitForRollout({ kubectl, namespace: ns, workloads, timeoutMs: options.timeoutMs, log: (l) => say(redact(l)), hints: diagnosisHints(target, settings) });
  if (!outcome.ok) {
    say(outcome.stuck ? 'deploy: stopped waiting: these pods will not start until this is fixed:' : `deploy: the rollout did not finish in ${Math.round(options.timeoutMs / 1000)}s.`);
    for (const d of outcome.diagnoses) for (const line of d) say(redact(`  ${line}`));
    if (outcome.diagnoses.length === 0) say('  no pod reports a problem: it may only be slow; try a longer --timeout, or `npm run status`');
    return 1;
  }
  say('deploy: rollout done.');
  return showUrls(kubectl, settings, manifests, target, options.portForward);
}

/**
 * Builds what changed (unless --no-build), then gets the lock's images where the target runs
 * them; a registry push is recorded in the lock, and synth pins the pushed digests.
 */
async function prepareImages(options: DeployCliOptions, config: TodoConfig, target: ClusterTarget, root: string): Promise<void> {
  let docker;
  const lockFile = lockFilePath(root, process.env, config.instance);
  if (options.noBuild) {
    say('deploy: --no-build: using the images lock as it is');
    docker = connectDocker(process.env);
  } else {
    say('deploy: images (rebuilt only when their inputs changed)');
    docker = (await buildImagesForDeploy(config, root, sourceDirsFor(root, options.sourceDirFlags, process.env), process.env, say)).docker;
  }
  const lock = readImagesLock(lockFile, { required: false });
  if (!lock) return; // --no-build without a lock: the profile's tags (synth says so)
  const registry = target.kind === 'cloud' ? target.registry : undefined;
  const report = await deliverImages(target, imagesToDeliver(lock, registry), { docker, run: spawnCommand, log: (l: string) => say(`  ${l}`) });
  if (registry) {
    writeImagesLock(lockFile, withPushedReferences(lock, registry, report.images));
    process.env[IMAGES_REGISTRY_ENV] = registry; // synth pins what was pushed there
  }
}

/** `created 2 (Deployment/worker, ...), configured 1 (...), unchanged 5, pruned 1 (...)`, or `nothing changed`. */
export function describeReport(r: ApplyReport): string {
  const part = (word: string, ids: readonly string[], named = true) => (ids.length === 0 ? [] : [`${word} ${ids.length}${named ? ` (${ids.join(', ')})` : ''}`]);
  const changes = [...part('created', r.created), ...part('configured', r.configured), ...part('pruned', r.pruned)];
  return changes.length === 0 ? `nothing changed (${r.unchanged.length} objects as they were)` : [...changes, ...part('unchanged', r.unchanged, false)].join(', ');
}

/** Prints the URLs and whether this machine reaches them; forwards them with --port-forward. */
async function showUrls(kubectl: Kubectl, config: TodoConfig, manifests: readonly any[], target: ClusterTarget, forward: boolean): Promise<number> {
  const endpoints = publicEndpoints(config, manifests);
  if (forward) {
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    process.once('SIGTERM', () => stop.abort());
    for (const e of endpoints) say(`  ${e.component.padEnd(9)} ${e.url}`);
    await portForward(kubectl, config.namespace, endpoints.filter((e) => isLoopback(e.url)), say, stop.signal);
    return 0;
  }
  const unreachable: string[] = [];
  for (const e of endpoints) {
    const ok = await reachable(e.url);
    say(`  ${e.component.padEnd(9)} ${e.url}${ok ? '' : '   (not reachable from here yet)'}`);
    if (!ok) unreachable.push(e.url);
  }
  if (unreachable.length > 0) {
    const why = target.kind === 'minikube' ? "minikube's node is not this machine: its NodePorts are not on localhost" : target.kind === 'kind' ? "kind's NodePorts reach localhost only through the cluster's extraPortMappings (clusters/kind.yaml)" : 'the URLs do not reach the Services from this machine';
    say(`  ${why}. Open them with: npm run deploy -- --port-forward   (forwards until Ctrl-C)${target.kind === 'minikube' ? '; or run `minikube tunnel` with exposure.kind ingress' : ''}`);
  }
  return 0;
}

/** `npm run deploy` (bin/deploy.js). */
export function runDeployCommand(argv: readonly string[], root: string = process.cwd()): Promise<number> {
  return runCli('deploy', argv, (options) => runDeploy(options, root));
}
