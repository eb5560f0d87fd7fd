import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { Backend } from './backend';
import { TodoConfig } from './config/types';
import { ExternalDatabase, IDatabaseConnection } from './database-connection';
import { Frontend } from './frontend';
import { PostgresDatabase } from './postgres';
import { PublicIngress } from './public-ingress';

/** Props of TodoChart. */
export interface TodoChartProps extends ChartProps {
  /** A validated configuration (see lib/config/load.ts). */
  readonly config: TodoConfig;
}

/**
 * The whole Todo app in one Namespace: PostgreSQL (or an external database), the backend and
 * the frontend, wired to each other and exposed the way the configuration says.
 */
export class TodoChart extends Chart {
  /** The Namespace everything else is in; `kubectl apply` creates it first. */
  public readonly namespaceResource: k8s.KubeNamespace;
  public readonly database: IDatabaseConnection;
  /** The in-cluster database; undefined when the configuration uses an external one. */
  public readonly postgres?: PostgresDatabase;
  public readonly backend: Backend;
  public readonly frontend: Frontend;
  public readonly ingress?: PublicIngress;

  constructor(scope: Construct, id: string, props: TodoChartProps) {
    // Stable names: in-cluster URLs such as http://frontend.todo.svc.cluster.local:3000 depend on them.
    super(scope, id, { disableResourceNameHashes: true, ...props });
    const { config } = props;
    const common = { namespace: config.namespace, instance: config.instance };

    this.namespaceResource = new k8s.KubeNamespace(this, 'namespace', {
      metadata: {
        name: config.namespace,
        labels: {
          'app.kubernetes.io/part-of': config.instance,
          'app.kubernetes.io/managed-by': 'cdk8s',
          // The API server itself then rejects any pod that is not "restricted".
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
        },
      },
    });

    const db = config.database;
    if (db.kind === 'in-cluster') {
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
      this.database = ExternalDatabase.fromSecret(config.secretName, db.urlSecretKey);
    }

    const nodePorts = config.exposure.kind === 'node-port' ? config.exposure : undefined;

    this.frontend = new Frontend(this, 'frontend', {
      ...common,
      image: config.images.frontend,
      replicas: config.frontend.replicas,
      resources: config.frontend.resources,
      nodePort: nodePorts?.frontendNodePort,
      secretName: config.secretName,
      database: this.database,
      publicOrigin: config.publicUrls.frontend,
    });

    this.backend = new Backend(this, 'backend', {
      ...common,
      image: config.images.backend,
      replicas: config.backend.replicas,
      resources: config.backend.resources,
      nodePort: nodePorts?.backendNodePort,
      secretName: config.secretName,
      database: this.database,
      betterAuthUrl: this.frontend.clusterUrl,
      frontendOrigin: config.publicUrls.frontend,
    });

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

    // `kubectl apply -f dist` must create the Namespace before anything in it.
    for (const child of [this.postgres, this.frontend, this.backend, this.ingress]) {
      child?.node.addDependency(this.namespaceResource);
    }
  }
}
