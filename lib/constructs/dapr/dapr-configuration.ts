import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { DAPR_CONFIGURATION_API } from '../../model/dapr';
import { FieldChecker } from '../../model/field-checker';
import { PropsError } from '../common/prop-errors';
import { shapeIssues } from '../common/props-shape';
import { DaprConfigurationProps } from './dapr-configuration-props';

/** Dapr's default trust domain, the one sentry issues identities in unless configured otherwise. */
const TRUST_DOMAIN = 'public';

/**
 * A Dapr Configuration (dapr.io/v1alpha1): tracing, metrics, preview features and who may invoke
 * the apps that name it (DaprSidecar `config`). A sidecar whose dapr.io/config names no
 * Configuration exits at start, so synth refuses one the app does not have (checks/dapr-sidecars.ts).
 */
export class DaprConfiguration extends Construct {
  public readonly apiObject: ApiObject;
  /** What a sidecar's `config` names. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: DaprConfigurationProps) {
    super(scope, id);
    const c = new FieldChecker();
    if (new.target === DaprConfiguration) c.absorb(shapeIssues('DaprConfigurationProps', props));
    c.label('name', props.name);
    if (props.tracingSamplingRate !== undefined) {
      const rate = Number(props.tracingSamplingRate);
      c.check(typeof props.tracingSamplingRate === 'string' && props.tracingSamplingRate.trim() !== '' && rate >= 0 && rate <= 1, 'tracingSamplingRate', props.tracingSamplingRate, 'a string from "0" to "1", such as "1" or "0.1"');
    }
    if (props.zipkinEndpoint !== undefined) c.httpUrl('zipkinEndpoint', props.zipkinEndpoint);
    for (const [name, on] of Object.entries(props.features ?? {})) c.check(typeof on === 'boolean', `features.${name}`, on, 'true or false');
    (props.invocationAllowedFrom ?? []).forEach((appId, i) => c.label(`invocationAllowedFrom[${i}]`, appId));
    PropsError.throwIfAny(this, c.issues);
    this.name = props.name;
    const namespace = props.namespace ?? Chart.of(this).namespace;
    const features = Object.entries(props.features ?? {});
    this.apiObject = new ApiObject(this, 'resource', {
      apiVersion: DAPR_CONFIGURATION_API,
      kind: 'Configuration',
      metadata: { name: props.name, namespace },
      spec: {
        metric: { enabled: props.metrics ?? true },
        ...(props.tracingSamplingRate !== undefined
          ? { tracing: { samplingRate: props.tracingSamplingRate, ...(props.zipkinEndpoint ? { zipkin: { endpointAddress: props.zipkinEndpoint } } : {}) } }
          : {}),
        ...(features.length ? { features: features.map(([name, enabled]) => ({ name, enabled })) } : {}),
        ...(props.invocationAllowedFrom
          ? {
            accessControl: {
              defaultAction: 'deny',
              trustDomain: TRUST_DOMAIN,
              policies: props.invocationAllowedFrom.map((appId) => ({ appId, defaultAction: 'allow', trustDomain: TRUST_DOMAIN, namespace })),
            },
          }
          : {}),
      },
    });
  }
}
