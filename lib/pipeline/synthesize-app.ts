import * as fs from 'fs';
import * as path from 'path';
import { App, Yaml } from 'cdk8s';
import { ChartMetadata, HelmChartOptions, chartMetadataFor } from './chart-metadata';
import { helmChartFiles } from './helm-chart';
import { TodoConfig } from '../model/settings/types';
import { validateConfig } from '../model/settings/validate';
import { ManifestCheck, registeredManifestChecks, runManifestChecks } from './checks';
import { activeCollector } from './collect';
import { OutputFile, PublishError, publishFiles } from './publish';
import { notePublished } from './published';
import { exitWithFailure } from './report';
import { createRunDir, removeLeftovers } from './staging';
import { publishHookFromEnv } from './test-hooks';

/** What synth writes: plain manifests for `kubectl apply -f`, or a Helm chart. */
export type SynthFormat = 'manifests' | 'helm';

/** The file dist/ holds: every chart of the app, in one YAML stream (see publishFiles for why one). */
export const MANIFEST_FILE = 'todo.k8s.yaml';

/** Environment variable `npm run chart` sets to make main.ts write the Helm chart. */
export const FORMAT_ENV = 'TODO_SYNTH_FORMAT';

/** How to synthesize and where to publish. */
export interface SynthesizeAppOptions {
  /**
   * Output format.
   * @default env TODO_SYNTH_FORMAT (`helm` when `npm run chart` runs main.ts), else `manifests`
   */
  readonly format?: SynthFormat;
  /**
   * Output directory, replaced file by file by rename (see publishFiles).
   * @default `<root>/dist`, or `<root>/dist-chart` for the `helm` format
   */
  readonly outDir?: string;
  /**
   * Project root: staging (`.synth/runs/`) and package.json are here.
   * @default process.cwd()
   */
  readonly root?: string;
  /**
   * Environment (CDK8S_OUTDIR, TODO_SYNTH_FORMAT, TODO_CHART_VERSION, test hooks).
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Synth-time checks over every synthesized object, user additions included.
   * @default the checks registered with registerManifestCheck
   */
  readonly checks?: readonly ManifestCheck[];
  /**
   * Helm chart fields (`helm` format only).
   * @default from package.json and the settings
   */
  readonly chart?: HelmChartOptions;
  /**
   * On failure: print the reason and exit 1 (true, for main.ts), or throw (false).
   * @default true
   */
  readonly exitOnError?: boolean;
}

/** What was published. */
export interface SynthesisResult {
  /** The output directory. */
  readonly outDir: string;
  /** Published files, relative to outDir. */
  readonly files: string[];
  /** Every synthesized object, in output order. */
  readonly manifests: any[];
  /** Chart.yaml's fields (`helm` format only). */
  readonly chart?: ChartMetadata;
  /** The settings the app synthesized with (after its own changes in code). */
  readonly settings: TodoConfig;
}

/**
 * The synth pipeline for whatever the user built in main.ts: validates `settings` (they may have
 * been changed in code since loadSettings), synthesizes every chart of `app`
 * (running the constructs' validations), runs the synth-time checks over all objects, and only
 * then publishes atomically into dist/ (or the Helm chart into dist-chart/). Any failure leaves
 * the output directory exactly as it was.
 */
export function synthesizeApp(app: App, settings: TodoConfig, options: SynthesizeAppOptions = {}): SynthesisResult {
  const env = options.env ?? process.env;
  const root = path.resolve(options.root ?? process.cwd());
  const format = options.format ?? (env[FORMAT_ENV] === 'helm' ? 'helm' : 'manifests');
  const outDir = path.resolve(root, options.outDir ?? (format === 'helm' ? 'dist-chart' : 'dist'));
  const shown = `${path.relative(process.cwd(), outDir) || '.'}/`;
  const cliOutDir = env.CDK8S_OUTDIR ? path.resolve(env.CDK8S_OUTDIR) : undefined;
  // `cdk8s synth -o dist` deletes dist/ before main.ts runs. Publishing there still gives back a
  // complete dist/ (the CLI then lists it); an output directory around or inside dist/ is refused.
  const cliEmptiedOutput = cliOutDir !== undefined && (cliOutDir === outDir || isInside(outDir, cliOutDir) || isInside(cliOutDir, outDir));
  const collector = activeCollector();
  try {
    // Settings changed in code (main.ts) get the same field-by-field checks as a values file.
    validateConfig(settings, `settings passed to synthesizeApp, profile "${settings.profile}"`);
    if (collector) return collect(app, settings, options.checks ?? registeredManifestChecks(), collector, root);
    if (!options.format) checkFormatEnv(env);
    if (cliEmptiedOutput && cliOutDir !== outDir) {
      throw new PublishError(
        `the cdk8s CLI was given ${path.relative(root, cliOutDir!) || '.'} as its output directory, which it deletes before main.ts runs, ` +
          `and ${shown} is ${isInside(outDir, cliOutDir!) ? 'inside' : 'around'} it. ` +
          `Run \`npm run ${format === 'helm' ? 'chart' : 'synth'}\` (no --output), or plain \`cdk8s synth\` without -o.`,
      );
    }
    const checks = options.checks ?? registeredManifestChecks();
    const result = synthesizeInto(app, settings, { env, root, format, outDir, checks, chart: options.chart, cliOutDir: cliEmptiedOutput ? undefined : cliOutDir });
    const what = result.chart
      ? `Helm chart ${shown} (${result.chart.name} ${result.chart.version}, appVersion ${result.chart.appVersion})`
      : result.files.map((f) => shown + f).join(', ');
    console.error(`Published ${what}: ${result.manifests.length} objects (profile ${settings.profile}).`);
    notePublished(result);
    return result;
  } catch (err) {
    if (options.exitOnError === false) throw err;
    const outcome = collector
      ? collector.outcome
      : cliEmptiedOutput
      ? `Synth failed; the cdk8s CLI had already deleted ${shown}.`
      : err instanceof PublishError && err.partial
        ? `Synth failed while publishing; ${shown} was partly replaced (above).`
        : `Synth failed; ${shown} was left as it was.`;
    return exitWithFailure(err, outcome);
  }
}

function synthesizeInto(
  app: App,
  settings: TodoConfig,
  o: {
    env: NodeJS.ProcessEnv; root: string; format: SynthFormat; outDir: string;
    checks: readonly ManifestCheck[]; chart?: HelmChartOptions; cliOutDir?: string;
  },
): SynthesisResult {
  const hook = publishHookFromEnv(o.env);
  if (app.charts.length === 0) {
    throw new PublishError('the app has no charts: main.ts must add one (e.g. `new TodoChart(app, settings.instance, { config: settings })`) before synthesizeApp');
  }
  // Chart.toJson() resolves dependencies and runs every construct's validations (node.addValidation)
  // over the whole app, as app.synth() would, but writes nothing.
  const manifests = app.charts.flatMap((chart) => chart.toJson());
  runManifestChecks(o.checks, manifests, settings, { root: o.root });
  hook('checked');

  const stringify = (docs: any[]) => Yaml.stringify(...docs);
  const chart = o.format === 'helm' ? chartMetadataFor(o.root, o.env, settings, o.chart) : undefined;
  const files: OutputFile[] = chart
    ? helmChartFiles(chart, manifests, stringify)
    : [{ path: MANIFEST_FILE, content: stringify(manifests) }];

  // Before publishing, so that a failure here still leaves the output directory as it was.
  if (o.cliOutDir) writeForCli(o.cliOutDir, stringify(manifests));
  removeLeftovers(o.root);
  const runDir = createRunDir(o.root);
  try {
    publishFiles(o.outDir, runDir, files, hook);
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
  return { outDir: o.outDir, files: files.map((f) => f.path), manifests, chart, settings };
}

/** Synthesizes and checks as for publishing, then hands the objects to a collector instead. */
function collect(app: App, settings: TodoConfig, checks: readonly ManifestCheck[], collector: NonNullable<ReturnType<typeof activeCollector>>, root: string): SynthesisResult {
  const manifests = app.charts.flatMap((chart) => chart.toJson());
  runManifestChecks(checks, manifests, settings, { root });
  collector.result = { settings, manifests };
  return { outDir: '', files: [], manifests, settings };
}

function checkFormatEnv(env: NodeJS.ProcessEnv): void {
  const value = env[FORMAT_ENV];
  if (value === undefined || ['', 'manifests', 'helm'].includes(value)) return;
  throw new PublishError(`${FORMAT_ENV}=${JSON.stringify(value)} is not a synth format; allowed: manifests, helm`);
}

/** The cdk8s CLI lists (and otherwise expects) manifests in its output directory. */
function writeForCli(cliOutDir: string, yaml: string): void {
  fs.mkdirSync(cliOutDir, { recursive: true });
  fs.writeFileSync(path.join(cliOutDir, MANIFEST_FILE), yaml);
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
