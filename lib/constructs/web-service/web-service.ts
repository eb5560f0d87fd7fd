import * as kplus from 'cdk8s-plus-30';
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ContractWorkload } from '../contract-workload/contract-workload';
import { FieldChecker } from '../../model/field-checker';
import { shapeIssues } from '../common/props-shape';
import { IDatabaseClient } from '../common/database-connection';
import { WebServiceProps } from './web-service-props';

/** Name of the container port and the Service port unless given. */
const PORT_NAME = 'http';

/**
 * A stateless network workload: a Deployment whose pods meet the Pod Security Standard
 * "restricted", listening on one port with startup, readiness and liveness probes (HTTP with
 * `healthCheckPath`, else TCP), and a Service in front of it. From this project's images (an
 * image contract) or any other (Redis...), given `name`, `user` and `port`.
 */
export class WebService extends ContractWorkload {
  /** The plus-30 Service on the workload's port. */
  public readonly service: kplus.Service;
  /** Port the container listens on and the Service serves. */
  public readonly port: number;
  public readonly healthCheckPath?: string;
  private admission?: kplus.NetworkPolicy;

  /** `checks`: problems a subclass found in its own props before `super()`, reported with these. */
  constructor(scope: Construct, id: string, props: WebServiceProps, checks?: FieldChecker) {
    // Checked with the base props before anything is built, so every problem is reported at once.
    const c = new FieldChecker();
    if (new.target === WebService) c.absorb(shapeIssues('WebServiceProps', props));
    if (checks) c.absorb(checks.issues);
    if (props.healthCheckPath !== undefined) c.httpPath('healthCheckPath', props.healthCheckPath);
    if (props.nodePort !== undefined) c.integer('nodePort', props.nodePort, 30000, 32767);
    const port = props.port ?? props.contract?.port ?? 0;
    if (props.port === undefined && !props.contract) c.check(false, 'port', undefined, 'the port the image listens on (required without a contract)');
    else c.integer('port', port, 1, 65535);
    if (props.portName !== undefined) c.label('portName', props.portName, 15);
    const portName = props.portName ?? PORT_NAME;
    const probe = (periodSeconds: number, failureThreshold: number) => {
      const options = { port, periodSeconds: Duration.seconds(periodSeconds), failureThreshold };
      return props.healthCheckPath ? kplus.Probe.fromHttpGet(props.healthCheckPath, options) : kplus.Probe.fromTcpSocket(options);
    };
    super(scope, id, props, c, {
      ports: [{ name: portName, number: port, protocol: kplus.Protocol.TCP }],
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
      ports: [{ name: portName, port, targetPort: port, protocol: kplus.Protocol.TCP, nodePort: props.nodePort }],
    });
    for (const [key, value] of Object.entries(this.selector)) this.service.selectLabel(key, value);
  }

  /** The URL other pods use to reach this workload's Service over HTTP. */
  public get clusterUrl(): string {
    return this.clusterUrlFor('http');
  }

  /** The Service's in-cluster URL with another scheme, e.g. `redis://redis.todo.svc.cluster.local:6379`. */
  public clusterUrlFor(scheme: string): string {
    return `${scheme}://${this.name}.${this.namespace ?? 'default'}.svc.cluster.local:${this.port}`;
  }

  /**
   * Admits `client`'s pods to this workload's port. The first call creates a NetworkPolicy
   * (`<name>-clients`) that denies every other ingress; egress is left alone, so DNS keeps
   * working (plus-30's `connections.allowFrom` would isolate the client's egress too).
   */
  public allowClient(client: IDatabaseClient): void {
    this.admission ??= new kplus.NetworkPolicy(this, 'network-policy', {
      metadata: { name: `${this.name}-clients`, namespace: this.namespace, labels: { ...this.labels } },
      selector: kplus.Pods.select(this, 'server-pods', { labels: { ...this.selector } }),
      ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    });
    const peer = kplus.Pods.select(this, `client-${client.name}`, { labels: { ...client.selector } });
    this.admission.addIngressRule(peer, [kplus.NetworkPolicyPort.tcp(this.port)]);
  }

  /** The NetworkPolicy `allowClient` created, if it was called. */
  public get networkPolicy(): kplus.NetworkPolicy | undefined {
    return this.admission;
  }
}

