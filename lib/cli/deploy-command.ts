import { DeployableApp, deploy } from '../deploy/deploy-action';
import { portForward } from '../deploy/port-forward';
import { appUrls } from '../deploy/app-urls-action';
import { ProbeResult, probeUrl } from '../deploy/http-probe';
import { isLoopback, publicEndpoints } from '../deploy/public-urls';
import { clusterTarget } from '../deploy/cluster-target';
import { ClusterTarget, describeTarget } from '../deploy/target';
import { connectDocker } from '../images/docker-endpoint';
import { TodoConfig } from '../model/settings/types';
import { instancesOf } from '../pipeline/synthesize';
import { wrappedValueWarnings } from '../secrets/unread-keys';
import { ExplainedError } from '../util/explained-error';
import { CommandSpec, flagValue, keyValues, parseCommand } from './args';
import { buildImagesForDeploy } from './build-images';
import { registryValue } from './registry-option';
import { reportFailure } from './errors';
import { CommandContext, ensureApiServerValidation, loadRawSettings, pinImages, synthesizeSettings } from './project';
import { CLUSTER_OPTIONS, envFileOf, kubectlFor, timeoutMs } from './cluster-options';
import { SOURCE_DIR_OPTIONS, sourceDirFlags } from './source-dirs';

export const DEPLOY: CommandSpec = {
  name: 'deploy',
  summary: 'Builds what changed, gets the images into the cluster, creates the Secret from .env, applies,\nwaits for the rollout and prints the URLs.',
  configFlags: true,
  options: {
    ...CLUSTER_OPTIONS,
    'update-secret': { type: 'boolean', help: "replace the cluster's Secret when it differs from .env" },
    'port-forward': { type: 'boolean', help: 'after the rollout, forward the public URLs to the Services until Ctrl-C' },
    'no-build': { type: 'boolean', help: "deploy the images the lock names, without building (no lock: the profile's tags)" },
    registry: { type: 'string', placeholder: 'HOST/PATH', help: 'push the images there (a cloud cluster); the manifests pin the pushed digests' },
    ...SOURCE_DIR_OPTIONS,
    'build-arg': { type: 'string', multiple: true, placeholder: 'NAME=VALUE', help: 'a build argument for this run, over images.<component>.buildArgs, as for npm run images' },
  },
};

/** `npm run deploy`: the deploy action, then the URLs (or the diagnoses of what is stuck). */
export async function runDeploy(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const args = parseCommand(DEPLOY, argv, ctx);
  if (!args) return 0;
  const say = ctx.out.say;
  const timeout = timeoutMs(DEPLOY, args);
  try {
    const kubectl = kubectlFor(args, ctx.env, DEPLOY);
    // Read the target while the rest starts; the .env first of all, so a missing one stops before a build.
    const targetRead = clusterTarget(kubectl, registryValue(DEPLOY, args));
    targetRead.catch(() => undefined);
    const settings = loadRawSettings(ctx, args.config);
    const envFile = envFileOf(ctx, args);
    for (const warning of wrappedValueWarnings(envFile.entries, envFile.shown)) say(warning);
    const target = await targetRead;
    say(`deploy: target ${describeTarget(target)}`);
    ensureApiServerValidation(ctx);
    const report = await deploy({
      root: ctx.root,
      env: ctx.env,
      kubectl,
      target,
      settings,
      envFile,
      buildImages: flagValue(args, 'no-build') ? undefined : async () => (await buildImagesForDeploy(settings, ctx.root, sourceDirFlags(args), ctx.env, ctx.out, keyValues(DEPLOY, args, 'build-arg'))).docker,
      connectDocker: () => connectDocker(ctx.env),
      synthesize: (registry, definitions) => deployableApp(ctx, settings, registry, definitions),
      updateSecret: flagValue(args, 'update-secret'),
      timeoutMs: timeout,
      log: say,
    });
    if (!report.rollout.ok) {
      say(report.rollout.stuck ? `deploy: stopped waiting after ${Math.round(report.rollout.waitedMs / 1000)}s: these pods will not start until this is fixed:` : `deploy: the rollout did not finish in ${Math.round(timeout / 1000)}s.`);
      for (const d of report.rollout.diagnoses) for (const line of d) say(`  ${line}`);
      if (report.rollout.diagnoses.length === 0) say('  no pod reports a problem: it may only be slow; try a longer --timeout, or `npm run status`');
      return 1;
    }
    say('deploy: rollout done.');
    return await showUrls(ctx, kubectl, report.app, target, flagValue(args, 'port-forward'));
  } catch (err) {
    say('');
    return reportFailure(say, err, undefined, 'npm run deploy failed:');
  }
}

/** The app deploy applies: main.ts built from the settings pinned to the lock, synthesized with every check; one instance. */
function deployableApp(ctx: CommandContext, raw: TodoConfig, registry: string | undefined, definitions?: readonly object[]): DeployableApp {
  const { settings, synthesis } = synthesizeSettings(ctx, pinImages(ctx, raw, { registry }), { definitions });
  const instances = instancesOf(synthesis, settings);
  if (instances.length > 1) {
    const names = instances.map((s) => `${s.namespace}/${s.instance}`).join(', ');
    throw new ExplainedError(`main.ts builds ${instances.length} instances (${names}); npm run deploy applies one per run. Build one per values file (main.ts gets the settings of -f FILE) and deploy each: npm run deploy -- -f staging.yaml`);
  }
  return { settings: instances[0], objects: synthesis.objects, scopes: synthesis.scopes };
}

/** Prints where the app is from this machine (each URL tried) and what to try; forwards the public URLs with --port-forward. */
async function showUrls(ctx: CommandContext, kubectl: ReturnType<typeof kubectlFor>, app: DeployableApp, target: ClusterTarget, forward: boolean): Promise<number> {
  const say = ctx.out.say;
  const { settings, objects } = app;
  if (forward) {
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    process.once('SIGTERM', () => stop.abort());
    const all = publicEndpoints(settings, objects);
    const endpoints = all.filter((e) => isLoopback(e.url));
    for (const e of all.filter((e) => !isLoopback(e.url))) say(`  ${e.component.padEnd(9)} ${e.url}   not forwarded: its host is not this machine (a port-forward listens on 127.0.0.1)`);
    const forwarding = portForward(kubectl, settings.namespace, endpoints, say, stop.signal);
    for (const e of endpoints) say(`  ${e.component.padEnd(9)} ${e.url}   ${describeProbe(await firstAnswer(e.url, stop.signal), 'through the port-forward')}`);
    await forwarding;
    return 0;
  }
  const report = await appUrls({ kubectl, settings, objects, target });
  say('deploy: where the app is, tried from this machine:');
  for (const u of report.urls) say(`  ${u.component.padEnd(9)} ${u.url}${u.host ? ` (Host: ${u.host})` : ''}   ${describeProbe(u.probe, VIA[u.via])}`);
  for (const line of report.advice) say(`  try: ${line}`);
  return 0;
}

const VIA = { 'public-url': 'publicUrls', 'node-port': "a node's address and the NodePort", ingress: "the Ingress controller's address" } as const;

/** `reachable (HTTP 200; publicUrls)` or `not reachable from here: <why>`. */
function describeProbe(probe: ProbeResult, via: string): string {
  if (!probe.reachable) return `not reachable from here: ${probe.why}`;
  return `reachable (${probe.status ? `HTTP ${probe.status}` : 'TLS'}; ${via}${probe.note ? `; ${probe.note}` : ''})`;
}

/** Tries `url` until it answers (a port-forward takes a moment to listen), for up to 15 s. */
async function firstAnswer(url: string, signal: AbortSignal): Promise<ProbeResult> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const probe = await probeUrl(url);
    if (probe.reachable || Date.now() > deadline || signal.aborted) return probe;
    await new Promise((r) => setTimeout(r, 500));
  }
}
