import * as kplus from 'cdk8s-plus-30';
import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { ImageSettings } from '../config/types';
import { checkContainerEnv } from '../contract/check-env';
import { ImageContract } from '../contract/image-contract';
import {
  DEFAULT_DATABASE_URL_SCHEME,
  IDatabaseClient,
  IDatabaseConnection,
  URL_SCHEME,
} from '../database-connection/database-connection';
import { InitContainerOptions, VolumeAtPath } from './container-props';
import { EnvVariable, addEnv, containerEnv, envValue } from './env';
import { appLabels, selectorLabels } from './labels';
import { ContractWorkloadProps, DEFAULT_RESOURCES } from './pod-props';
import { PropsChecker } from './prop-errors';
import { HELPER_RESOURCES, containerResources } from './resources';
import {
  POD_DEFAULTS,
  addPodSeccompProfile,
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

/** Volume types the restricted Pod Security Standard admits. */
const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const MAX_REPLICAS = 100;

/**
 * A Deployment built from an image contract, shared by WebService and Worker: pods that meet the
 * Pod Security Standard "restricted" (main, migration, wait and user init containers alike),
 * the contract's writable paths on emptyDirs, and the database wired in one place. At synth it
 * fails if a variable the contract requires is not wired.
 */
export abstract class ContractWorkload extends Construct implements IDatabaseClient {
  public readonly name: string;
  /** Namespace of the workload's objects (the chart's unless given). */
  public readonly namespace?: string;
  public readonly contract: ImageContract;
  /** Labels selecting this workload's pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** Labels every object of the workload carries. */
  public readonly labels: Readonly<Record<string, string>>;
  /** The plus-30 Deployment: `deployment.scheduling`, `deployment.addVolume`, ... */
  public readonly deployment: kplus.Deployment;
  /** The main container (`deployment.containers[0]`): `container.env.addVariable`, `container.mount`, ... */
  public readonly container: kplus.Container;
  /** The database the workload connects to, if any. */
  public readonly database?: IDatabaseConnection;
  /** Scheme of the workload's DATABASE_URL. */
  public readonly databaseUrlScheme: string;
  public readonly image: ImageSettings;
  private readonly initNames = new Set<string>();

  /**
   * @param checks problems a subclass found in its own props before `super()`, reported together
   *   with the shared ones
   */
  protected constructor(scope: Construct, id: string, props: ContractWorkloadProps, checks: PropsChecker | undefined, main: MainContainerSpec) {
    super(scope, id);
    const { contract, image } = props;
    this.contract = contract;
    this.image = image;
    this.name = props.name ?? contract.component;
    this.namespace = props.namespace ?? Chart.of(this).namespace;
    this.database = props.database;
    this.databaseUrlScheme = props.databaseUrlScheme ?? DEFAULT_DATABASE_URL_SCHEME;

    const c = new PropsChecker(this);
    if (checks) c.absorb(checks);
    c.dnsLabel('name', this.name);
    if (props.namespace !== undefined) c.dnsLabel('namespace', props.namespace);
    c.integer('replicas', props.replicas, 0, MAX_REPLICAS);
    c.argv('command', props.command);
    c.argv('args', props.args);
    c.resources('resources', props.resources);
    c.check(URL_SCHEME.test(this.databaseUrlScheme), 'databaseUrlScheme', props.databaseUrlScheme,
      'a URL scheme such as "postgresql" or "postgresql+asyncpg"');
    (props.env ?? []).forEach((v, i) => c.envName(`env[${i}].name`, v.name));
    checkVolumes(c, 'volumes', props.volumes);
    const inits = [...(props.migration ? [{ prop: 'migration', options: props.migration }] : []),
      ...(props.initContainers ?? []).map((options, i) => ({ prop: `initContainers[${i}]`, options }))];
    const names = new Set([this.name, 'wait-for-database']);
    for (const { prop, options } of inits) {
      c.dnsLabel(`${prop}.name`, options.name);
      if (names.has(options.name)) c.fail(`${prop}.name`, options.name, `a name no other container of the pod has (${[...names].join(', ')})`);
      names.add(options.name);
      c.argv(`${prop}.command`, options.command);
      c.argv(`${prop}.args`, options.args);
      c.resources(`${prop}.resources`, options.resources);
      (options.env ?? []).forEach((v, i) => c.envName(`${prop}.env[${i}].name`, v.name));
      checkVolumes(c, `${prop}.volumes`, options.volumes);
    }
    c.done();

    this.selector = selectorLabels({ name: this.name, instance: props.instance });
    this.labels = appLabels({ name: this.name, instance: props.instance, component: props.component ?? contract.component, version: image.tag });

    this.deployment = new kplus.Deployment(this, 'deployment', {
      metadata: { name: this.name, namespace: this.namespace, labels: { ...this.labels } },
      // Our stable labels select the pods, not plus-30's generated address label.
      select: false,
      podMetadata: { labels: { ...this.labels } },
      replicas: props.replicas ?? 1,
      // One extra pod at a time and none taken away: rollouts fit a small node.
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.absolute(1),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      }),
      securityContext: restrictedPodSecurityContext(contract.user),
      ...POD_DEFAULTS,
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: { ...this.selector } }));
    addPodSeccompProfile(this.deployment);

    this.container = this.deployment.addContainer({
      name: this.name,
      image: imageRef(image),
      imagePullPolicy: image.pullPolicy as kplus.ImagePullPolicy,
      command: props.command ? [...props.command] : undefined,
      args: props.args ? [...props.args] : undefined,
      ports: main.ports ? [...main.ports] : undefined,
      resources: containerResources(props.resources ?? DEFAULT_RESOURCES),
      securityContext: restrictedContainerSecurityContext(contract.user),
      volumeMounts: this.mountsFor(contract.writablePaths, props.volumes),
      startup: main.startup,
      readiness: main.readiness,
      liveness: main.liveness,
    });
    // The container runtime sets HOSTNAME (to the pod name) and so overrides an image's ENV;
    // variables the process depends on are therefore restated in the pod.
    addEnv(this.container, Object.entries(contract.imageEnv).map(([k, v]) => envValue(k, v)));
    addEnv(this.container, this.databaseEnv(this.databaseUrlScheme));
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
    this.node.addValidation({ validate: () => checkContainerEnv(`${this.name} (${this.node.path})`, contract, containerEnv(this.container)) });
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
    const index = this.deployment.initContainers.length;
    const container = this.deployment.addInitContainer({
      name: options.name,
      image: options.image ?? imageRef(this.image),
      imagePullPolicy: (options.imagePullPolicy ?? (ownImage ? this.image.pullPolicy : 'IfNotPresent')) as kplus.ImagePullPolicy,
      command: options.command ? [...options.command] : undefined,
      args: options.args ? [...options.args] : undefined,
      resources: containerResources(options.resources ?? HELPER_RESOURCES),
      securityContext: restrictedContainerSecurityContext(options.user ?? this.contract.user),
      volumeMounts: this.mountsFor(options.writablePaths ?? this.contract.writablePaths, options.volumes),
    });
    // Containers of the app's own images (the app's, its `-migrate` image) need the image env restated too.
    if (options.image === undefined || options.image.startsWith(`${this.image.repository}:`)) {
      addEnv(container, Object.entries(this.contract.imageEnv).map(([k, v]) => envValue(k, v)));
    }
    addEnv(container, options.env ?? []);
    // Escape hatch: plus-30 2.4.10's ContainerProps has no terminationMessagePolicy.
    ApiObject.of(this.deployment).addJsonPatch(JsonPatch.add(
      `/spec/template/spec/initContainers/${index}/terminationMessagePolicy`,
      options.terminationMessagePolicy ?? 'FallbackToLogsOnError',
    ));
    return container;
  }

  /** Appends env variables to the main container (after those given in props). */
  public addEnv(...vars: EnvVariable[]): void {
    addEnv(this.container, vars);
  }

  /** The main container's env as it will be synthesized. */
  public get envVars(): readonly k8s.EnvVar[] {
    return containerEnv(this.container);
  }

  private mountsFor(writablePaths: readonly string[], volumes: readonly VolumeAtPath[] = []): kplus.VolumeMount[] {
    return [
      ...writableDirs(this, writablePaths).map((d) => ({ path: d.path, volume: d.volume })),
      ...volumes.map((v) => ({ path: v.path, volume: v.volume, readOnly: v.readOnly })),
    ];
  }
}

/** `repository:tag` of an image setting. */
export function imageRef(image: ImageSettings): string {
  return `${image.repository}:${image.tag}`;
}

function checkVolumes(c: PropsChecker, prop: string, volumes: readonly VolumeAtPath[] | undefined): void {
  (volumes ?? []).forEach((v, i) => {
    c.check(typeof v.path === 'string' && v.path.startsWith('/') && !v.path.includes(':'), `${prop}[${i}].path`, v.path, 'an absolute path without ":"');
    const kube = (v.volume as unknown as { _toKube(): Record<string, unknown> })._toKube();
    const type = Object.keys(kube).find((k) => k !== 'name' && kube[k] !== undefined);
    c.check(type !== undefined && RESTRICTED_VOLUME_TYPES.includes(type), `${prop}[${i}].volume`, `${type} volume "${v.volume.name}"`,
      `a volume type the restricted Pod Security Standard admits: ${RESTRICTED_VOLUME_TYPES.join(', ')}`);
  });
}
