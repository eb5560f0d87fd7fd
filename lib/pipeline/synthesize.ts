import { App, Chart } from 'cdk8s';
import { CheckError, CheckViolation, checkApp, errorsOf, warningsOf } from '../checks';
import { Manifest } from '../checks/manifest';
import { customResourceSchemas } from '../checks/custom-resources';
import { ValidatorHandle } from '../checks/apiserver';
import { CustomKindScopes, customKindScopes, isNamespaced } from '../model/api-scope';
import { TodoConfig } from '../model/settings/types';
import { validateConfig } from '../model/settings/validate';
import { ExplainedError } from '../util/explained-error';
import { toStoredForm } from './stored-form';

/** What to synthesize with. */
export interface SynthesizeOptions {
  /**
   * The settings the app was built from: a chart that carries none of its own (any chart but a
   * TodoChart) is checked against them.
   */
  readonly settings: TodoConfig;
  /**
   * The project's directory: its cdk8s.yaml names the CustomResourceDefinition files custom
   * resources are checked against.
   * @default - only definitions synthesized with the app count
   */
  readonly root?: string;
  /**
   * Run the synth-time checks (lib/checks) over every object.
   * @default true
   */
  readonly checks?: boolean;
  /**
   * The API server's own validation (lib/checks/apiserver, built by `npm run validator`): every
   * object goes through the server's create path, offline.
   * @default - not run: only the checks that go beyond the server
   */
  readonly apiServer?: ValidatorHandle;
  /**
   * CustomResourceDefinitions besides cdk8s.yaml's imports (deploy passes the cluster's Dapr CRDs).
   * @default - none
   */
  readonly definitions?: readonly object[];
}

/** One chart of the app, synthesized. */
export interface SynthesizedChart {
  /** The chart's construct path, e.g. `todo`. */
  readonly path: string;
  /** The settings the chart was checked against: a TodoChart's own, else the app's. */
  readonly settings: TodoConfig;
  /** The chart carries settings of its own (a TodoChart): it is an instance of the app. */
  readonly isInstance: boolean;
  /** Its objects, in output order, in the form the API server stores them. */
  readonly objects: readonly Manifest[];
}

/** The instances of the app (its TodoCharts' settings, by namespace and instance), or the app's settings when it has none. */
export function instancesOf(synthesis: Synthesis, fallback: TodoConfig): TodoConfig[] {
  const byKey = new Map<string, TodoConfig>();
  for (const c of synthesis.charts) if (c.isInstance) byKey.set(`${c.settings.namespace}/${c.settings.instance}`, c.settings);
  return byKey.size > 0 ? [...byKey.values()] : [fallback];
}

/** The whole app, synthesized and checked. */
export interface Synthesis {
  /** Every object of every chart, in output order. */
  readonly objects: readonly Manifest[];
  readonly charts: readonly SynthesizedChart[];
  /** What the checks found that may be intended: for the command to print. */
  readonly warnings: readonly CheckViolation[];
  /** The scope of every custom kind whose CRD synth knew (synthesized, imported or given): deploy reads it. */
  readonly scopes: CustomKindScopes;
}

/** The app cannot be synthesized (no chart, a construct's own validation failed). */
export class SynthError extends ExplainedError {}

/** Anything that carries the settings it was built from (TodoChart does). */
interface WithSettings {
  readonly config: TodoConfig;
}

/**
 * The synth pipeline: every chart of `app` to objects (running each construct's validations),
 * in the form the API server stores them, namespaces only on namespaced kinds; then the
 * synth-time checks, each chart against its own settings. Throws a SynthError, a ConfigError
 * or a CheckError naming every problem; writes nothing, reads no environment.
 */
export function synthesize(app: App, options: SynthesizeOptions): Synthesis {
  if (app.charts.length === 0) {
    throw new SynthError('the app has no charts: the function main.ts exports must add one (e.g. `new TodoChart(app, settings.instance, { config: settings })`)');
  }
  const charts = app.charts.map((chart) => {
    const own = (chart as unknown as Partial<WithSettings>).config;
    const settings = own ?? options.settings;
    // Settings changed in code get the same field-by-field checks as a values file.
    validateConfig(settings, `settings of chart ${chart.node.path}, profile "${settings.profile}"`);
    return { chart, settings, isInstance: own !== undefined, objects: chartObjects(chart) };
  });
  const all = charts.flatMap((c) => c.objects);
  // A custom kind's scope from its CRD: synthesized, imported in cdk8s.yaml (cert-manager's), or
  // given. The imports are read once, here, and the checks get what was read.
  const customResources = customResourceSchemas(all, options.root);
  const scopes = customKindScopes([...all.filter((o) => o.kind === 'CustomResourceDefinition'), ...customResources.imported, ...(options.definitions ?? [])]);
  for (const o of all) if (!isNamespaced(o, scopes) && o.metadata) delete o.metadata.namespace;

  const synthesized: SynthesizedChart[] = charts.map((c) => ({ path: c.chart.node.path, settings: c.settings, isInstance: c.isInstance, objects: c.objects }));
  if (options.checks === false) return { objects: all, charts: synthesized, warnings: [], scopes };
  const violations = checkApp({ objects: all, charts: synthesized, root: options.root, apiServer: options.apiServer, definitions: options.definitions, customResources });
  const errors = errorsOf(violations);
  if (errors.length > 0) throw new CheckError(errors);
  return { objects: all, charts: synthesized, warnings: warningsOf(violations), scopes };
}

/** A chart's objects; cdk8s's own validation failures (node.addValidation) as a SynthError. */
function chartObjects(chart: Chart): Manifest[] {
  try {
    // toJson() resolves dependencies and runs every construct's validations, as app.synth() would.
    return chart.toJson().map(toStoredForm) as Manifest[];
  } catch (err) {
    const message = (err as Error)?.message ?? '';
    if (/^Validation failed with the following errors:/.test(message)) throw new SynthError(message);
    if (/Maximum call stack size exceeded/.test(message)) throw tooDeep(message.match(/at path '([^']*)'/)?.[1] ?? chart.node.path);
    throw err;
  }
}

/** An object nested so deeply that serializing it ran out of call stack, named by its construct path. */
export function tooDeep(where: string): SynthError {
  return new SynthError(
    `${where}: an object nested too deeply to synthesize (the call stack ran out serializing it); ` +
      'allowed: objects as deep as Kubernetes objects are (a few dozen levels): build it flatter',
  );
}
