import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { runtimeImage } from '../../model/settings/runtime-image';
import * as kplus from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { Backend } from '../backend/backend';
import { AutoscalingOptions } from '../common/autoscaling-options';
import { DatabaseSettings, TodoConfig, WorkloadSettings } from '../../model/settings/types';
import { DisruptionBudget } from '../disruption-budget/disruption-budget';
import { IDatabaseConnection } from '../common/database-connection';
import { ExternalDatabase } from '../database-connection/external-database';
import { Frontend } from '../frontend/frontend';
import { PostgresDatabase } from '../postgres-database/postgres-database';
import { PublicIngress } from '../public-ingress/public-ingress';
import { PhaseV } from '../phase-v/phase-v';
import { TodoChartProps } from './todo-chart-props';
import { LABEL_KEYS } from '../../model/labels';
import { recordChartSettings } from '../common/chart-settings';
import { FieldChecker } from '../../model/field-checker';
import { constructPath, PropsError } from '../common/prop-errors';
import { shapeIssues } from '../common/props-shape';

/**
 * The whole Todo app in one Namespace: PostgreSQL (or an external database), the backend and
 * the frontend, wired to each other and exposed the way the configuration says. Every object
 * added to the chart, a user's included, lands in the configured namespace.
 */
export class TodoChart extends Chart {
  public readonly config: TodoConfig;
  /** The Namespace everything else is in; `kubectl apply` creates it first. */
  public readonly namespaceResource: kplus.Namespace;
  public readonly database: IDatabaseConnection;
  /** The in-cluster database; undefined when another database is used. */
  public readonly postgres?: PostgresDatabase;
  public readonly backend: Backend;
  public readonly frontend: Frontend;
  public readonly ingress?: PublicIngress;
  /** Dapr and Kafka (Phase V), when the settings' `dapr.enabled` is true. */
  public readonly phaseV?: PhaseV;

  constructor(scope: Construct, id: string, props: TodoChartProps) {
    const c = new FieldChecker();
    if (new.target === TodoChart) c.absorb(shapeIssues('TodoChartProps', props));
    else if (props?.config === undefined) c.check(false, 'config', undefined, 'the settings (the function main.ts exports gets them)');
    PropsError.throwIfAny(constructPath(scope, id), c.issues);
    const { config } = props;
    // Stable names: in-cluster URLs such as http://frontend.todo.svc.cluster.local:3000 depend on them.
    super(scope, id, { disableResourceNameHashes: true, namespace: config.namespace, ...props });
    this.config = config;
    recordChartSettings(this, config);
    const common = { instance: config.instance };

    this.namespaceResource = new kplus.Namespace(this, 'namespace', {
      metadata: {
        name: config.namespace,
        labels: {
          [LABEL_KEYS.partOf]: config.instance,
          [LABEL_KEYS.managedBy]: 'cdk8s',
          // The API server itself then rejects any pod that is not "restricted".
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
        },
      },
    });
    // Escape hatch: the chart's `namespace` is stamped on every object, but a Namespace is cluster-scoped.
    ApiObject.of(this.namespaceResource).addJsonPatch(JsonPatch.remove('/metadata/namespace'));

    if (props.database) {
      this.database = props.database;
    } else if (config.database.kind === 'in-cluster') {
      const db = config.database;
      this.postgres = new PostgresDatabase(this, 'postgres', {
        ...common,
        secretName: config.secretName,
        image: db.image,
        databaseName: db.databaseName,
        user: db.user,
        storage: db.storage,
        storageClassName: db.storageClassName,
        resources: db.resources,
      });
      this.database = this.postgres;
    } else {
      this.database = externalDatabase(config.database, config.secretName);
    }

    const nodePorts = config.exposure.kind === 'node-port' ? config.exposure : undefined;

    this.frontend = new Frontend(this, 'frontend', {
      ...common,
      image: runtimeImage(config.images.frontend),
      ...scaling(config.frontend),
      resources: config.frontend.resources,
      healthCheckPath: config.frontend.healthCheckPath,
      databaseUrlScheme: config.frontend.databaseUrlScheme,
      authMigration: config.frontend.migration,
      nodePort: nodePorts?.frontendNodePort,
      secretName: config.secretName,
      database: this.database,
      publicOrigin: config.publicUrls.frontend,
    });

    const backendMigration = config.backend.migration;
    this.backend = new Backend(this, 'backend', {
      ...common,
      image: runtimeImage(config.images.backend),
      ...scaling(config.backend),
      resources: config.backend.resources,
      healthCheckPath: config.backend.healthCheckPath,
      databaseUrlScheme: config.backend.databaseUrlScheme,
      migrationCommand: backendMigration?.kind === 'command' ? backendMigration.command : undefined,
      nodePort: nodePorts?.backendNodePort,
      secretName: config.secretName,
      database: this.database,
      betterAuthUrl: this.frontend.clusterUrl,
      frontendOrigin: config.publicUrls.frontend,
    });

    for (const [workload, settings] of [[this.frontend, config.frontend], [this.backend, config.backend]] as const) {
      if (settings.disruptionBudget) new DisruptionBudget(this, `${workload.name}-disruption-budget`, { workload, ...settings.disruptionBudget });
    }

    if (config.dapr?.enabled) this.phaseV = new PhaseV(this, 'phase-v', { config, backend: this.backend, frontend: this.frontend });

    if (config.exposure.kind === 'ingress') {
      this.ingress = new PublicIngress(this, 'ingress', {
        ...common,
        className: config.exposure.className,
        tlsSecretName: config.exposure.tlsSecretName,
        routes: [
          { url: config.publicUrls.frontend, workload: this.frontend },
          { url: config.publicUrls.backend, workload: this.backend },
        ],
      });
    }

    // `kubectl apply -f dist` must create the Namespace before anything in it: every other object
    // of the chart, those a subclass or a user adds later included, is ordered after it. Validation
    // runs right before synthesis, after all user code.
    this.node.addValidation({
      validate: () => {
        for (const child of this.node.children) {
          if (child !== this.namespaceResource) child.node.addDependency(this.namespaceResource);
        }
        return [];
      },
    });
  }
}

/** A fixed number of pods, or an autoscaler's bounds and targets. */
function scaling(w: WorkloadSettings): { replicas: number } | { autoscaling: AutoscalingOptions } {
  if (typeof w.replicas === 'number') return { replicas: w.replicas };
  const a = w.replicas.autoscaled;
  return { autoscaling: { minReplicas: a.min, maxReplicas: a.max, cpuUtilization: a.cpuUtilization, memoryUtilization: a.memoryUtilization } };
}

function externalDatabase(db: Exclude<DatabaseSettings, { kind: 'in-cluster' }>, secretName: string): ExternalDatabase {
  if ('host' in db) {
    return ExternalDatabase.fromParts({
      secretName, host: db.host, port: db.port, databaseName: db.databaseName, user: db.user,
      passwordSecretKey: db.passwordSecretKey, params: db.params, clientImage: db.clientImage,
    });
  }
  return ExternalDatabase.fromSecret(secretName, db.urlSecretKey, { clientImage: db.clientImage });
}
