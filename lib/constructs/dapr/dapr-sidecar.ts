import { ApiObject, JsonPatch } from 'cdk8s';
import * as k8s from '../../../imports/k8s';
import { Construct } from 'constructs';
import { DAPR_ANNOTATIONS } from '../../model/dapr';
import { FieldChecker } from '../../model/field-checker';
import { PropsError } from '../common/prop-errors';
import { shapeIssues } from '../common/props-shape';
import { registerAppId } from './app-registry';
import { DaprSidecarProps } from './dapr-sidecar-props';

const DEFAULT_SIDECAR_RESOURCES = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } } as const;

/**
 * Dapr's sidecar on a workload: the `dapr.io/*` annotations on its pod *template* (where the
 * injector reads them; on the Deployment's own metadata nothing is injected), the app port taken
 * from the container, and a ServiceAccount of the app-id's name whose token the pod mounts: the
 * injector hands the app's token mount to daprd, which needs it for the Kubernetes secret store.
 * daprd inherits the pod's seccomp profile and runAsNonRoot (not its user: daprd must run as its own 65532); the control plane must drop its capabilities
 * (`dapr_sidecar_injector.sidecarDropALLCapabilities=true`) for Pod Security "restricted".
 */
export class DaprSidecar extends Construct {
  public readonly appId: string;
  /** The port daprd calls the app on; undefined for an app without one. */
  public readonly appPort?: number;
  /** The ServiceAccount the pods run as (named as the app-id). */
  public readonly serviceAccountName: string;

  constructor(scope: Construct, id: string, props: DaprSidecarProps) {
    super(scope, id);
    const c = new FieldChecker();
    if (new.target === DaprSidecar) c.absorb(shapeIssues('DaprSidecarProps', props));
    const workload = props.workload;
    const containerPort = workload?.container?.ports?.[0]?.number;
    this.appId = props.appId ?? workload?.name;
    this.appPort = props.appPort ?? containerPort;
    c.appId('appId', this.appId);
    if (props.appPort !== undefined) c.integer('appPort', props.appPort, 1, 65535);
    if (props.appPort !== undefined && containerPort !== undefined && props.appPort !== containerPort) {
      c.check(false, 'appPort', props.appPort, `the main container's port ${containerPort}: daprd calls the app there`);
    }
    if (props.resources !== undefined) c.resources('resources', props.resources);
    PropsError.throwIfAny(this, c.issues);
    this.serviceAccountName = this.appId;
    registerAppId(this, this.appId);

    const r = props.resources ?? DEFAULT_SIDECAR_RESOURCES;
    const annotations: Record<string, string | undefined> = {
      [DAPR_ANNOTATIONS.enabled]: 'true',
      [DAPR_ANNOTATIONS.appId]: this.appId,
      [DAPR_ANNOTATIONS.appPort]: this.appPort !== undefined ? String(this.appPort) : undefined,
      [DAPR_ANNOTATIONS.appProtocol]: props.appProtocol ?? 'http',
      [DAPR_ANNOTATIONS.config]: props.config,
      [DAPR_ANNOTATIONS.logLevel]: props.logLevel ?? 'info',
      [DAPR_ANNOTATIONS.enableApiLogging]: String(props.enableApiLogging ?? true),
      [DAPR_ANNOTATIONS.cpuRequest]: r.requests.cpu,
      [DAPR_ANNOTATIONS.memoryRequest]: r.requests.memory,
      [DAPR_ANNOTATIONS.cpuLimit]: r.limits.cpu,
      [DAPR_ANNOTATIONS.memoryLimit]: r.limits.memory,
    };
    for (const [key, value] of Object.entries(annotations)) if (value !== undefined) workload.deployment.podMetadata.addAnnotation(key, value);

    const account = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: this.serviceAccountName, namespace: workload.namespace, labels: { ...workload.labels } },
      // Only the pods that name it mount its token.
      automountServiceAccountToken: false,
    });
    // The ReplicaSet cannot create a pod before its ServiceAccount exists.
    workload.node.addDependency(account);
    // Escape hatch: plus-30 sets the pod's token mount from the workload's props (off here by default).
    const pod = ApiObject.of(workload.deployment);
    pod.addJsonPatch(JsonPatch.replace('/spec/template/spec/automountServiceAccountToken', true));
    pod.addJsonPatch(JsonPatch.add('/spec/template/spec/serviceAccountName', this.serviceAccountName));
    // daprd inherits the pod's user and exits unless it is 65532 (Dapr 1.16): the user stays on
    // each container of the workload (they all state it), the pod keeps runAsNonRoot and seccomp.
    pod.addJsonPatch(JsonPatch.remove('/spec/template/spec/securityContext/runAsUser'));
    pod.addJsonPatch(JsonPatch.remove('/spec/template/spec/securityContext/runAsGroup'));
  }
}
