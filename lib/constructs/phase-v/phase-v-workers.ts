import * as kplus from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { PHASE_V_WORKERS, WORKERS_PORT, WORKERS_UID, WORKERS_UPDATES_TOPIC } from '../../model/dapr';
import { FieldChecker } from '../../model/field-checker';
import { envValue } from '../common/env';
import { PropsError } from '../common/prop-errors';
import { shapeIssues } from '../common/props-shape';
import { DaprSidecar } from '../dapr/dapr-sidecar';
import { DaprSubscription } from '../dapr/dapr-subscription';
import { WebService } from '../web-service/web-service';
import { PhaseVWorkersProps } from './phase-v-workers-props';

// An idle consumer needs little; small requests keep Phase V on a 2-CPU minikube beside a service of the user's.
const DEFAULT_WORKER_RESOURCES = { requests: { cpu: '25m', memory: '48Mi' }, limits: { cpu: '250m', memory: '128Mi' } } as const;
const WORKER_SIDECAR_RESOURCES = { requests: { cpu: '25m', memory: '48Mi' }, limits: { cpu: '500m', memory: '256Mi' } } as const;

/**
 * Phase V's consumers, built from the same constructs a user's own service uses: for the
 * notification worker (topic `reminders`) and the recurring-task worker (topic `task-events`),
 * a WebService running dockerfiles/workers.Dockerfile's program in its role, a DaprSidecar
 * (app-id = role) and a DaprSubscription delivering the topic to the role's route. One pod
 * each, replaced by Recreate.
 */
export class PhaseVWorkers extends Construct {
  public readonly notification: WebService;
  public readonly recurringTasks: WebService;
  public readonly sidecars: readonly DaprSidecar[];
  public readonly subscriptions: readonly DaprSubscription[];

  constructor(scope: Construct, id: string, props: PhaseVWorkersProps) {
    super(scope, id);
    const c = new FieldChecker();
    if (new.target === PhaseVWorkers) c.absorb(shapeIssues('PhaseVWorkersProps', props));
    c.label('pubsubName', props?.pubsubName);
    if (props?.stateStoreName !== undefined) c.label('stateStoreName', props.stateStoreName);
    PropsError.throwIfAny(this, c.issues);

    const sidecars: DaprSidecar[] = [];
    const subscriptions: DaprSubscription[] = [];
    const services = PHASE_V_WORKERS.map((worker) => {
      const service = new WebService(this, worker.role, {
        name: worker.appId,
        image: props.image,
        user: { uid: WORKERS_UID, gid: WORKERS_UID },
        port: WORKERS_PORT,
        healthCheckPath: '/healthz',
        // One consumer at a time: a rollout needs no room for a second pod, and Kafka keeps the events meanwhile.
        strategy: kplus.DeploymentStrategy.recreate(),
        resources: props.resources ?? DEFAULT_WORKER_RESOURCES,
        env: [
          envValue('WORKER_ROLE', worker.role),
          // The route is stated once (model/dapr.ts): the Subscription and the program both take it from here.
          envValue('WORKER_ROUTE', worker.route),
          envValue('APP_PORT', String(WORKERS_PORT)),
          envValue('PUBSUB_NAME', props.pubsubName),
          envValue('STATE_STORE', props.stateStoreName ?? ''),
          envValue('UPDATES_TOPIC', WORKERS_UPDATES_TOPIC),
        ],
      });
      sidecars.push(new DaprSidecar(this, `${worker.role}-sidecar`, { workload: service, appId: worker.appId, logLevel: props.logLevel, resources: WORKER_SIDECAR_RESOURCES }));
      subscriptions.push(new DaprSubscription(this, `${worker.role}-subscription`, {
        name: worker.subscription, pubsubName: props.pubsubName, topic: worker.topic, route: worker.route, scopes: [worker.appId],
      }));
      return service;
    });
    [this.notification, this.recurringTasks] = services;
    this.sidecars = sidecars;
    this.subscriptions = subscriptions;
  }
}
