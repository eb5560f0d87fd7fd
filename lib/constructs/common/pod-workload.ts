import * as kplus from 'cdk8s-plus-30';
import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { ImageSettings, TodoConfig } from '../../model/settings/types';
import { chartSettingsOf } from './chart-settings';
import { checkContainerEnv } from '../../model/contract/check-env';
import { ImageContract } from '../../model/contract/image-contract';
import {
  DEFAULT_DATABASE_URL_SCHEME,
  IDatabaseClient,
  IDatabaseConnection,
  URL_SCHEME,
} from './database-connection';
import { InitContainerOptions, VolumeAtPath } from './container-props';
import { EnvVariable, addEnv, containerEnv, envValue } from './env';
import { ENV_OVERRIDES_ANNOTATION, appLabels, selectorLabels } from '../../model/labels';
import { DEFAULT_RESOURCES, PodWorkloadProps } from './pod-props';
import { FieldChecker } from '../../model/field-checker';
import { PropsError } from './prop-errors';
import { HELPER_RESOURCES, containerResources } from './resources';
import {
  POD_DEFAULTS,
  RunAsUser,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  writableDirs,
} from './security';

/** What a subclass decides about the main container (a WebService: port and probes). */
export interface MainContainerSpec {
  /** @default - no ports */
  readonly ports?: readonly kplus.ContainerPort[];
  /** @default - none */
  readonly startup?: kplus.Probe;
  /** @default - none */
  readonly readiness?: kplus.Probe;
  /** @default - none */
  readonly liveness?: kplus.Probe;
}

/** What every pod controller (Deployment, Job, CronJob) of a PodWorkload is created with. */
export interface PodControllerProps {
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels: Record<string, string> };
  readonly podMetadata: { readonly labels: Record<string, string> };
  readonly securityContext: kplus.PodSecurityContextProps;
  readonly automountServiceAccountToken: boolean;
  readonly enableServiceLinks: boolean;
  readonly isolate: boolean;
}

/** How a subclass makes its pod controller, and where the pod spec sits in it (for JSON patches). */
export interface PodController<W extends kplus.Workload> {
  /** Creates the controller under the workload (its `selector` and `labels` are set) with the hardened pod settings. */
  readonly create: (workload: PodWorkload<W>, props: PodControllerProps) => W;
  /** JSON pointer of the pod spec, e.g. `/spec/template/spec`. */
  readonly podSpecPath: string;
}

/** Volume types the restricted Pod Security Standard admits. */
const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/**
 * A pod controller (Deployment, Job, CronJob) whose pods meet the Pod Security Standard
 * "restricted" (main, migration, wait and user init containers alike), with the image's writable
 * paths on emptyDirs and the database wired in one place. From an image contract, its env checks
 * run at synth; from any other image, `name`, `user` (and a WebService's `port`) are given instead.
 */
export abstract class PodWorkload<W extends kplus.Workload = kplus.Workload> extends Construct implements IDatabaseClient {
  public readonly name: string;
  /** Namespace of the workload's objects (the chart's unless given). */
  public readonly namespace?: string;
  /** The image's contract, when the image has one. */
  public readonly contract?: ImageContract;
  /** The numeric user every container runs as unless it says otherwise. */
  public readonly user: RunAsUser;
  /** Paths under the read-only root the main container writes (each an emptyDir). */
  public readonly writablePaths: readonly string[];
  /** Labels selecting this workload's pods: the same ones its Service and NetworkPolicy rules use. */
  public readonly selector: Readonly<Record<string, string>>;
  /** Labels every object of the workload carries. */
  public readonly labels: Readonly<Record<string, string>>;
  /** The main container (`containers[0]`): `container.env.addVariable`, `container.mount`, ... */
  public readonly container: kplus.Container;
  /** The database the workload connects to, if any. */
  public readonly database?: IDatabaseConnection;
  /** Scheme of the workload's DATABASE_URL. */
  public readonly databaseUrlScheme: string;
  public readonly image: ImageSettings;
  /** The plus-30 controller of the pods. */
  protected readonly podController: W;
  private readonly podSpecPath: string;
  private readonly initNames = new Set<string>();

  /**
   * @param checks problems a subclass found in its own props before `super()`, reported together
   *   with the shared ones
   */
  protected constructor(scope: Construct, id: string, props: PodWorkloadProps, checks: FieldChecker | undefined, main: MainContainerSpec, controller: PodController<W>) {
    super(scope, id);
    const { contract } = props;
    const fromChart = chartSettingsOf(scope);
    const instance = props.instance ?? fromChart?.instance ?? '';
    const image = props.image ?? (contract ? fromChart?.images[contract.component as keyof TodoConfig['images']] : undefined) ?? { repository: '', tag: '', pullPolicy: 'IfNotPresent' };
    this.contract = contract;
    this.image = image;
    this.name = props.name ?? contract?.component ?? '';
    this.namespace = props.namespace ?? Chart.of(this).namespace;
    this.database = props.database;
    this.databaseUrlScheme = props.databaseUrlScheme ?? DEFAULT_DATABASE_URL_SCHEME;
    this.user = props.user ?? contract?.user ?? { uid: 0, gid: 0 };
    this.writablePaths = props.writablePaths ?? contract?.writablePaths ?? [];

    const c = new FieldChecker();
    if (checks) c.absorb(checks.issues);
    if (props.instance === undefined && !fromChart) c.check(false, 'instance', undefined, 'the app instance (`app.kubernetes.io/instance`); required outside a TodoChart, which gives its own');
    if (props.image === undefined && !image.repository) c.check(false, 'image', undefined, `the image: { repository, tag, pullPolicy }${contract ? ` (the chart's ${contract.component} image is used inside a TodoChart)` : ''}`);
    if (!contract) {
      if (props.name === undefined) c.check(false, 'name', undefined, 'a name (required without a contract, whose component would name it)');
      if (props.user === undefined) c.check(false, 'user', undefined, 'the numeric user and group the image runs as, e.g. { uid: 999, gid: 1000 } (required without a contract: the kubelet verifies runAsNonRoot only against a number)');
    }
    if (props.name !== undefined || contract) c.label('name', this.name);
    if (props.user !== undefined) {
      c.check(Number.isInteger(props.user.uid) && props.user.uid > 0, 'user.uid', props.user.uid, 'a non-root numeric uid (an integer above 0)');
      c.check(Number.isInteger(props.user.gid) && props.user.gid >= 0, 'user.gid', props.user.gid, 'a numeric gid (an integer, 0 or more)');
    }
    (props.writablePaths ?? []).forEach((p, i) => c.check(typeof p === 'string' && p.startsWith('/') && !p.includes(':'), `writablePaths[${i}]`, p, 'an absolute path without ":"'));
    if (props.namespace !== undefined) c.label('namespace', props.namespace);
    if (props.command !== undefined) c.argv('command', props.command);
    if (props.args !== undefined) c.argv('args', props.args);
    if (props.resources !== undefined) c.resources('resources', props.resources);
    c.check(URL_SCHEME.test(this.databaseUrlScheme), 'databaseUrlScheme', props.databaseUrlScheme,
      'a URL scheme such as "postgresql" or "postgresql+asyncpg"');
    (props.env ?? []).forEach((v, i) => c.envName(`env[${i}].name`, v.name));
    checkVolumes(c, 'volumes', props.volumes);
    const inits = [...(props.migration ? [{ prop: 'migration', options: props.migration }] : []),
      ...(props.initContainers ?? []).map((options, i) => ({ prop: `initContainers[${i}]`, options }))];
    const names = new Set([this.name, 'wait-for-database']);
    for (const { prop, options } of inits) {
      c.label(`${prop}.name`, options.name);
      if (names.has(options.name)) c.check(false, `${prop}.name`, options.name, `a name no other container of the pod has (${[...names].join(', ')})`);
      names.add(options.name);
      if (options.command !== undefined) c.argv(`${prop}.command`, options.command);
      if (options.args !== undefined) c.argv(`${prop}.args`, options.args);
      if (options.resources !== undefined) c.resources(`${prop}.resources`, options.resources);
      (options.env ?? []).forEach((v, i) => c.envName(`${prop}.env[${i}].name`, v.name));
      checkVolumes(c, `${prop}.volumes`, options.volumes);
    }
    PropsError.throwIfAny(this, c.issues);

    this.selector = selectorLabels({ name: this.name, instance });
    this.labels = appLabels({ name: this.name, instance, component: props.component ?? contract?.component ?? this.name, version: image.tag });

    this.podController = controller.create(this, {
      metadata: { name: this.name, namespace: this.namespace, labels: { ...this.labels } },
      podMetadata: { labels: { ...this.labels } },
      securityContext: restrictedPodSecurityContext(this.user),
      ...POD_DEFAULTS,
    });
    this.podSpecPath = controller.podSpecPath;
    // Escape hatch: plus-30 2.4.10's PodSecurityContext has no `seccompProfile`. Set on the pod it
    // also covers containers a user adds later through the plus-30 API.
    ApiObject.of(this.podController).addJsonPatch(JsonPatch.add(`${this.podSpecPath}/securityContext/seccompProfile`, { type: 'RuntimeDefault' }));

    this.container = this.podController.addContainer({
      name: this.name,
      image: imageRef(image),
      imagePullPolicy: image.pullPolicy as kplus.ImagePullPolicy,
      command: props.command ? [...props.command] : undefined,
      args: props.args ? [...props.args] : undefined,
      ports: main.ports ? [...main.ports] : undefined,
      resources: containerResources(props.resources ?? DEFAULT_RESOURCES),
      securityContext: restrictedContainerSecurityContext(this.user),
      volumeMounts: this.mountsFor(this.writablePaths, props.volumes),
      startup: main.startup,
      readiness: main.readiness,
      liveness: main.liveness,
    });
    // The container runtime sets HOSTNAME (to the pod name) and so overrides an image's ENV;
    // variables the process depends on are therefore restated in the pod.
    addEnv(this.container, this.imageEnv());
    addEnv(this.container, this.databaseEnv(this.databaseUrlScheme));
    refuseRewiredEnv(this.node.path, this.env, props.env ?? []);
    addEnv(this.container, props.env ?? []);

    // Init order: wait for the database (with the app's own login) -> migration -> the user's.
    const wait = props.database?.waitFor?.(this);
    if (wait) {
      this.addInitContainer({
        name: 'wait-for-database',
        image: wait.image,
        imagePullPolicy: 'IfNotPresent',
        user: wait.user,
        command: wait.command,
        env: wait.env,
        resources: HELPER_RESOURCES,
        // psql writes nothing.
        writablePaths: [],
      });
    }
    for (const { options } of inits) this.addInitContainer(options);

    props.database?.allowClient(this);
    if (contract) {
      this.node.addValidation({ validate: () => checkContainerEnv(`${this.name} (${this.node.path})`, contract, containerEnv(this.container)) });
    }
  }

  /** `DATABASE_URL` (and what it expands) for a scheme; empty without a database. */
  public databaseEnv(scheme: string = this.databaseUrlScheme): readonly EnvVariable[] {
    return this.database?.envVars(this, { scheme }) ?? [];
  }

  /**
   * Adds an init container after those present, hardened like the main container: the restricted
   * security context as the image's user, a read-only root with emptyDirs for its writable paths,
   * resources, and `FallbackToLogsOnError` so `kubectl describe` shows why it failed.
   */
  public addInitContainer(options: InitContainerOptions): kplus.Container {
    if (this.initNames.has(options.name)) throw new Error(`${this.node.path}: init container "${options.name}" is already defined`);
    this.initNames.add(options.name);
    const ownImage = options.image === undefined || options.image === imageRef(this.image);
    const index = this.podController.initContainers.length;
    const container = this.podController.addInitContainer({
      name: options.name,
      image: options.image ?? imageRef(this.image),
      imagePullPolicy: (options.imagePullPolicy ?? (ownImage ? this.image.pullPolicy : 'IfNotPresent')) as kplus.ImagePullPolicy,
      command: options.command ? [...options.command] : undefined,
      args: options.args ? [...options.args] : undefined,
      resources: containerResources(options.resources ?? HELPER_RESOURCES),
      securityContext: restrictedContainerSecurityContext(options.user ?? this.user),
      volumeMounts: this.mountsFor(options.writablePaths ?? this.writablePaths, options.volumes),
    });
    // Containers of the app's own images (the app's, its `-migrate` image) need the image env restated too.
    if (options.image === undefined || options.image.startsWith(`${this.image.repository}:`) || options.image === this.image.pinned?.migrate) addEnv(container, this.imageEnv());
    addEnv(container, options.env ?? []);
    // Escape hatch: plus-30 2.4.10's ContainerProps has no terminationMessagePolicy.
    ApiObject.of(this.podController).addJsonPatch(JsonPatch.add(
      `${this.podSpecPath}/initContainers/${index}/terminationMessagePolicy`,
      options.terminationMessagePolicy ?? 'FallbackToLogsOnError',
    ));
    return container;
  }

  /** Appends env variables to the main container (after those given in props). */
  public addEnv(...vars: EnvVariable[]): void {
    const taken = vars.filter((v) => Object.prototype.hasOwnProperty.call(this.container.env.variables, v.name));
    if (taken.length > 0) {
      throw new PropsError(this.node.path, taken.map((v) => `addEnv ${v.name}: already set on the main container (the image's contract or the settings wire it); ` +
        'allowed: a name it does not have, or overrideEnv(...) to replace it on purpose'));
    }
    addEnv(this.container, vars);
  }

  /**
   * Replaces variables the main container already has (a contract-wired `BETTER_AUTH_URL`, say)
   * and says so: the Deployment carries the annotation `todo-k8s.dev/env-overrides` with their
   * names, and synth prints a warning naming them. A name it does not have is refused (use addEnv).
   */
  public overrideEnv(...vars: EnvVariable[]): void {
    const unknown = vars.filter((v) => !Object.prototype.hasOwnProperty.call(this.container.env.variables, v.name));
    if (unknown.length > 0) throw new PropsError(this.node.path, unknown.map((v) => `overrideEnv ${v.name}: the main container has no such variable; allowed: one it has (${Object.keys(this.container.env.variables).join(', ')}), or addEnv(...) for a new one`));
    for (const v of vars) this.container.env.addVariable(v.name, v.value);
    const names = [...new Set([...(this.podController.metadata.toJson().annotations?.[ENV_OVERRIDES_ANNOTATION] ?? '').split(',').filter(Boolean), ...vars.map((v) => v.name)])];
    this.podController.metadata.addAnnotation(ENV_OVERRIDES_ANNOTATION, names.join(','));
  }

  /**
   * The main container's env as it will be synthesized, in the shape plus-30 takes
   * (`{ name, value: kplus.EnvValue }`, as `env` props and `addEnv` do), user additions included.
   */
  public get env(): readonly EnvVariable[] {
    return Object.entries(this.container.env.variables).map(([name, value]) => ({ name, value }));
  }

  /**
   * The main container's env in manifest form (`k8s.EnvVar`), for checks and assertions. To hand
   * the env to another workload use `env`, the shape every `env` prop takes.
   */
  public get envVars(): readonly k8s.EnvVar[] {
    return containerEnv(this.container);
  }

  private imageEnv(): EnvVariable[] {
    return Object.entries(this.contract?.imageEnv ?? {}).map(([k, v]) => envValue(k, v));
  }

  private mountsFor(writablePaths: readonly string[], volumes: readonly VolumeAtPath[] = []): kplus.VolumeMount[] {
    return [
      ...writableDirs(this, writablePaths).map((d) => ({ path: d.path, volume: d.volume })),
      ...volumes.map((v) => ({ path: v.path, volume: v.volume, readOnly: v.readOnly })),
    ];
  }
}

/**
 * The `env` prop adds variables; one the image's contract, the database or the settings already
 * wire (or one listed twice) with another value would replace that silently, so it is refused, as
 * addEnv refuses it. The same value again (a Worker given `chart.backend.env` and the database) changes nothing.
 */
function refuseRewiredEnv(path: string, wired: readonly EnvVariable[], env: readonly EnvVariable[]): void {
  const valueOf = (v: EnvVariable) => JSON.stringify([v.value.value, v.value.valueFrom]);
  const seen = new Map(wired.map((v) => [v.name, valueOf(v)]));
  const problems: string[] = [];
  for (const v of env) {
    if (seen.has(v.name) && seen.get(v.name) !== valueOf(v)) {
      problems.push(`env ${v.name}: would replace the value the image's contract, the database or the settings wire (or an earlier entry of the list); ` +
        'allowed: a name the container does not have yet, or overrideEnv(...) on the construct to replace a wired one on purpose');
    }
    seen.set(v.name, valueOf(v));
  }
  if (problems.length > 0) throw new PropsError(path, problems);
}

/** `repository:tag` of an image setting, or the digest reference the images lock pinned (a registry push). */
export function imageRef(image: ImageSettings): string {
  return image.pinned?.image ?? `${image.repository}:${image.tag}`;
}

function checkVolumes(c: FieldChecker, prop: string, volumes: readonly VolumeAtPath[] | undefined): void {
  (volumes ?? []).forEach((v, i) => {
    c.check(typeof v.path === 'string' && v.path.startsWith('/') && !v.path.includes(':'), `${prop}[${i}].path`, v.path, 'an absolute path without ":"');
    const kube = (v.volume as unknown as { _toKube(): Record<string, unknown> })._toKube();
    const type = Object.keys(kube).find((k) => k !== 'name' && kube[k] !== undefined);
    c.check(type !== undefined && RESTRICTED_VOLUME_TYPES.includes(type), `${prop}[${i}].volume`, `${type} volume "${v.volume.name}"`,
      `a volume type the restricted Pod Security Standard admits: ${RESTRICTED_VOLUME_TYPES.join(', ')}`);
  });
}
