import { JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { AppWorkload } from '../lib/app-workload';
import { Backend } from '../lib/backend';
import { LOCAL_PROFILE } from '../lib/config/profiles';
import { BACKEND_CONTRACT, ImageContract } from '../lib/contract/image-contract';
import { IDatabaseClient, IDatabaseConnection } from '../lib/database-connection';
import { envFromSecret, envValue } from '../lib/env';
import { TodoChart, TodoChartProps } from '../lib/todo-chart';
import { envOf, find, podSpec } from './support/synth';

/** What a user's own chart looks like: the stock one plus a worker, a sidecar env and an extra label. */
class MyTodoChart extends TodoChart {
  public readonly worker: AppWorkload;

  constructor(scope: Construct, id: string, props: TodoChartProps) {
    super(scope, id, props);
    // A second workload running the backend image, e.g. a queue consumer.
    this.worker = new AppWorkload(this, 'worker', {
      contract: BACKEND_CONTRACT,
      name: 'worker',
      component: 'worker',
      namespace: props.config.namespace,
      instance: props.config.instance,
      image: props.config.images.backend,
      // DATABASE_URL, the wait for the database, and the database's NetworkPolicy admitting the worker.
      database: this.database,
      env: [
        envFromSecret('BETTER_AUTH_SECRET', props.config.secretName),
        envFromSecret('OPENAI_API_KEY', props.config.secretName),
        envValue('BETTER_AUTH_URL', this.frontend.clusterUrl),
      ],
    });
    this.backend.addEnv(envValue('LOG_LEVEL', 'debug'));
  }
}

test('a user extends the chart with a workload of their own and an extra env var', () => {
  const manifests: any[] = Testing.synth(new MyTodoChart(Testing.app(), 'todo', { config: LOCAL_PROFILE }));
  const worker = find(manifests, 'Deployment', 'worker');
  expect(podSpec(worker).securityContext.runAsUser).toBe(BACKEND_CONTRACT.user.uid);
  expect(envOf(podSpec(worker).containers[0]).DATABASE_URL.value).toContain('@postgres.todo.svc.cluster.local:5432/');
  expect(podSpec(worker).initContainers.map((c: any) => c.name)).toEqual(['wait-for-database']);
  expect(find(manifests, 'Service', 'worker').spec.ports[0].port).toBe(8000);
  // Added after construction, still synthesized: the database admits the worker too.
  const from = find(manifests, 'NetworkPolicy', 'postgres-clients').spec.ingress[0].from;
  expect(from.map((p: any) => p.podSelector.matchLabels['app.kubernetes.io/name'])).toEqual(['frontend', 'backend', 'worker']);
  expect(envOf(podSpec(find(manifests, 'Deployment', 'backend')).containers[0]).LOG_LEVEL.value).toBe('debug');
});

test('a user swaps the database for their own implementation without forking', () => {
  class ManagedDatabase implements IDatabaseConnection {
    public readonly clients: string[] = [];
    public readonly envVars = [envFromSecret('DATABASE_URL', 'rds-credentials', 'url')];
    public allowClient(client: IDatabaseClient): void {
      this.clients.push(client.name);
    }
  }
  const db = new ManagedDatabase();
  const chart = Testing.chart();
  new Backend(chart, 'backend', {
    namespace: 'todo', instance: 'todo', image: LOCAL_PROFILE.images.backend, secretName: 'todo-secrets',
    database: db, betterAuthUrl: 'http://frontend.todo.svc.cluster.local:3000',
  });
  const [deployment] = Testing.synth(chart).filter((m: any) => m.kind === 'Deployment');
  expect(envOf(podSpec(deployment).containers[0]).DATABASE_URL.valueFrom.secretKeyRef).toEqual({ name: 'rds-credentials', key: 'url' });
  expect(db.clients).toEqual(['backend']);
});

test('a workload that leaves a required variable of its contract unwired fails synth, naming both', () => {
  const chart = Testing.chart();
  new AppWorkload(chart, 'worker', {
    contract: BACKEND_CONTRACT, name: 'worker', namespace: 'todo', instance: 'todo', image: LOCAL_PROFILE.images.backend,
    env: [envValue('DATABASE_URL', 'postgresql://x@db:5432/x'), envValue('BETTER_AUTH_URL', '')],
  });
  const synth = () => Testing.synth(chart);
  expect(synth).toThrow(/worker \(.*\): required env var BETTER_AUTH_SECRET \(Shared auth secret\) of the backend image is not wired/);
  expect(synth).toThrow(/worker \(.*\): required env var OPENAI_API_KEY/);
  // An empty value is not a value.
  expect(synth).toThrow(/worker \(.*\): required env var BETTER_AUTH_URL/);
  expect(synth).not.toThrow(/DATABASE_URL/);
});

test('a $(VAR) reference to a variable not defined before it fails synth', () => {
  const chart = Testing.chart();
  const contract: ImageContract = { ...BACKEND_CONTRACT, runtimeEnv: [] };
  new AppWorkload(chart, 'app', {
    contract, namespace: 'todo', instance: 'todo', image: LOCAL_PROFILE.images.backend,
    env: [envValue('DATABASE_URL', 'postgresql://u:$(PASSWORD)@db/x'), envFromSecret('PASSWORD', 's')],
  });
  expect(() => Testing.synth(chart)).toThrow(/env var DATABASE_URL references \$\(PASSWORD\), which is not defined before it/);
});

test('the L1 objects stay reachable for escape hatches', () => {
  const chart = new TodoChart(Testing.app(), 'todo', { config: LOCAL_PROFILE });
  expect(chart.backend.deployment).toBeInstanceOf(k8s.KubeDeployment);
  chart.backend.deployment.addJsonPatch(JsonPatch.add('/spec/revisionHistoryLimit', 3));
  const manifests: any[] = Testing.synth(chart);
  expect(find(manifests, 'Deployment', 'backend').spec.revisionHistoryLimit).toBe(3);
});
