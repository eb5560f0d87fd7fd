import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ImageSettings, ResourceSettings } from './config/types';
import { checkContainerEnv } from './contract/check-env';
import { ImageContract } from './contract/image-contract';
import { IDatabaseConnection } from './database-connection';
import { envValue } from './env';
import { resourceRequirements } from './resources';
import { appLabels, selectorLabels } from './labels';
import {
  POD_DEFAULTS,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  writableDirs,
} from './security';

/** Props of AppWorkload. */
export interface AppWorkloadProps {
  /** The image's contract: port, user, writable paths and the env it requires. */
  readonly contract: ImageContract;
  /** Namespace of the Deployment and Service. */
  readonly namespace: string;
  /** Value of `app.kubernetes.io/instance` and `part-of`. */
  readonly instance: string;
  /** Image reference and pull policy. */
  readonly image: ImageSettings;
  /**
   * Name of the Deployment, the Service and the container.
   * @default contract.component
   */
  readonly name?: string;
  /**
   * Value of `app.kubernetes.io/component`.
   * @default contract.component
   */
  readonly component?: string;
  /**
   * Container env, in order. More can be added with `addEnv`.
   * @default - only the contract's image env (see `imageEnv`)
   */
  readonly env?: readonly k8s.EnvVar[];
  /**
   * Number of pods.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Requests and limits of the container.
   * @default - requests 100m CPU / 128Mi, limits 500m CPU / 512Mi
   */
  readonly resources?: ResourceSettings;
  /**
   * HTTP path the probes GET. A TCP check is the default because it needs nothing from the
   * app; set a path (e.g. `/health`) once the app serves one.
   * @default - TCP connect to the container port
   */
  readonly healthCheckPath?: string;
  /**
   * The database the workload connects to: its DATABASE_URL variables come first in the env,
   * its `waitContainer` runs before the app, and it is told to admit this workload.
   * @default - no database
   */
  readonly database?: IDatabaseConnection;
  /**
   * Init containers, run after the database's `waitContainer`.
   * @default - none
   */
  readonly initContainers?: readonly k8s.Container[];
  /**
   * Expose the Service on this fixed NodePort (30000-32767) instead of only inside the cluster.
   * @default - a ClusterIP Service
   */
  readonly nodePort?: number;
}

const DEFAULT_RESOURCES: ResourceSettings = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '512Mi' },
};

/**
 * A stateless HTTP workload built from an image contract: a Deployment whose pods meet the
 * Pod Security Standard "restricted", and a Service on the contract's port. At synth time it
 * fails if a variable the contract requires is not wired.
 */
export class AppWorkload extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly contract: ImageContract;
  /** Labels selecting this workload's pods. */
  public readonly selector: Readonly<Record<string, string>>;
  public readonly deployment: k8s.KubeDeployment;
  public readonly service: k8s.KubeService;
  private readonly env: k8s.EnvVar[];

  constructor(scope: Construct, id: string, props: AppWorkloadProps) {
    super(scope, id);
    const { contract, image } = props;
    this.contract = contract;
    this.name = props.name ?? contract.component;
    this.namespace = props.namespace;
    this.selector = selectorLabels({ name: this.name, instance: props.instance });
    const labels = appLabels({
      name: this.name,
      instance: props.instance,
      component: props.component ?? contract.component,
      version: image.tag,
    });

    // The container runtime sets HOSTNAME (to the pod name) and so overrides an image's ENV;
    // variables the process depends on are therefore restated in the pod.
    this.env = [
      ...Object.entries(contract.imageEnv).map(([k, v]) => envValue(k, v)),
      ...(props.database?.envVars ?? []),
      ...(props.env ?? []),
    ];
    const initContainers = [...(props.database?.waitContainer ? [props.database.waitContainer] : []), ...(props.initContainers ?? [])];
    const resources = props.resources ?? DEFAULT_RESOURCES;
    const dirs = writableDirs(contract.writablePaths);
    const probeTarget = props.healthCheckPath
      ? { httpGet: { path: props.healthCheckPath, port: k8s.IntOrString.fromString('http') } }
      : { tcpSocket: { port: k8s.IntOrString.fromString('http') } };

    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec: {
        replicas: props.replicas ?? 1,
        selector: { matchLabels: { ...this.selector } },
        // One extra pod at a time and none taken away: rollouts fit a small node.
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(1), maxUnavailable: k8s.IntOrString.fromNumber(0) },
        },
        template: {
          metadata: { labels },
          spec: {
            ...POD_DEFAULTS,
            securityContext: restrictedPodSecurityContext(contract.user),
            volumes: dirs.map((d) => d.volume),
            ...(initContainers.length ? { initContainers } : {}),
            containers: [
              {
                name: this.name,
                image: `${image.repository}:${image.tag}`,
                imagePullPolicy: image.pullPolicy,
                ports: [{ name: 'http', containerPort: contract.port, protocol: 'TCP' }],
                // The same array is kept so addEnv() after construction is still synthesized.
                env: this.env,
                resources: resourceRequirements(resources),
                securityContext: restrictedContainerSecurityContext(contract.user),
                volumeMounts: dirs.map((d) => d.mount),
                startupProbe: { ...probeTarget, periodSeconds: 5, failureThreshold: 24 },
                readinessProbe: { ...probeTarget, periodSeconds: 10, failureThreshold: 3 },
                livenessProbe: { ...probeTarget, periodSeconds: 20, failureThreshold: 3 },
              },
            ],
          },
        },
      },
    });

    this.service = new k8s.KubeService(this, 'service', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec: {
        type: props.nodePort !== undefined ? 'NodePort' : 'ClusterIP',
        selector: { ...this.selector },
        ports: [
          {
            name: 'http',
            port: contract.port,
            targetPort: k8s.IntOrString.fromString('http'),
            protocol: 'TCP',
            ...(props.nodePort !== undefined ? { nodePort: props.nodePort } : {}),
          },
        ],
      },
    });

    props.database?.allowClient(this);
    this.node.addValidation({ validate: () => checkContainerEnv(`${this.name} (${this.node.path})`, contract, this.env) });
  }

  /** The URL other pods use to reach this workload's Service. */
  public get clusterUrl(): string {
    return `http://${this.name}.${this.namespace}.svc.cluster.local:${this.contract.port}`;
  }

  /** Appends env vars to the container (after those given in props). */
  public addEnv(...vars: k8s.EnvVar[]): void {
    this.env.push(...vars);
  }

  /** The container's env as it will be synthesized. */
  public get envVars(): readonly k8s.EnvVar[] {
    return [...this.env];
  }
}
