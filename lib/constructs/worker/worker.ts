import { Construct } from 'constructs';
import { ContractWorkload } from '../contract-workload/contract-workload';
import { FieldChecker } from '../../model/field-checker';
import { shapeIssues } from '../common/props-shape';
import { WorkerProps } from './worker-props';

/**
 * A background workload built from an image contract (a queue consumer, a scheduler): the same
 * hardened Deployment as a WebService, database wiring included, but no port, no Service and
 * no probes unless given. Give it the command that starts the worker.
 */
export class Worker extends ContractWorkload {
  constructor(scope: Construct, id: string, props: WorkerProps) {
    const c = new FieldChecker();
    if (new.target === Worker) c.absorb(shapeIssues('WorkerProps', props));
    super(scope, id, props, c, { liveness: props.liveness, readiness: props.readiness, startup: props.startup });
  }
}
