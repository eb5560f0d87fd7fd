import * as kplus from 'cdk8s-plus-30';
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ContractWorkload } from '../common/contract-workload';
import { PropsChecker } from '../common/prop-errors';
import { WebServiceProps } from './web-service-props';

/** Name of the container port and the Service port. */
const PORT_NAME = 'http';

/**
 * A stateless HTTP workload built from an image contract: a Deployment whose pods meet the Pod
 * Security Standard "restricted", listening on the contract's port with startup, readiness and
 * liveness probes (HTTP with `healthCheckPath`, else TCP), and a Service in front of it.
 */
export class WebService extends ContractWorkload {
  /** The plus-30 Service on the contract's port. */
  public readonly service: kplus.Service;
  /** Port the container listens on and the Service serves. */
  public readonly port: number;
  public readonly healthCheckPath?: string;

  /** `checks`: problems a subclass found in its own props before `super()`, reported with these. */
  constructor(scope: Construct, id: string, props: WebServiceProps, checks?: PropsChecker) {
    // Checked with the base props before anything is built, so every problem is reported at once.
    const c = new PropsChecker(PropsChecker.pathOf(scope, id));
    if (checks) c.absorb(checks);
    c.httpPath('healthCheckPath', props.healthCheckPath);
    c.integer('nodePort', props.nodePort, 30000, 32767);
    const port = props.contract.port;
    const probe = (periodSeconds: number, failureThreshold: number) => {
      const options = { port, periodSeconds: Duration.seconds(periodSeconds), failureThreshold };
      return props.healthCheckPath ? kplus.Probe.fromHttpGet(props.healthCheckPath, options) : kplus.Probe.fromTcpSocket(options);
    };
    super(scope, id, props, c, {
      ports: [{ name: PORT_NAME, number: port, protocol: kplus.Protocol.TCP }],
      // Up to 2 minutes to start; then not ready after 30 s of failures, restarted after 60 s.
      startup: probe(5, 24),
      readiness: probe(10, 3),
      liveness: probe(20, 3),
    });
    this.port = port;
    this.healthCheckPath = props.healthCheckPath;

    this.service = new kplus.Service(this, 'service', {
      metadata: { name: this.name, namespace: this.namespace, labels: { ...this.labels } },
      type: props.nodePort !== undefined ? kplus.ServiceType.NODE_PORT : kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: PORT_NAME, port, targetPort: port, protocol: kplus.Protocol.TCP, nodePort: props.nodePort }],
    });
    for (const [key, value] of Object.entries(this.selector)) this.service.selectLabel(key, value);
  }

  /** The URL other pods use to reach this workload's Service. */
  public get clusterUrl(): string {
    return `http://${this.name}.${this.namespace ?? 'default'}.svc.cluster.local:${this.port}`;
  }
}

/** The name this construct had before it was split into WebService and Worker. */
export const AppWorkload = WebService;
/** The type of an AppWorkload (a WebService). */
export type AppWorkload = WebService;
/** Props of AppWorkload (see WebServiceProps). */
export type AppWorkloadProps = WebServiceProps;
