import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { DAPR_RESILIENCY_API, GO_DURATION } from '../../model/dapr';
import { FieldChecker } from '../../model/field-checker';
import { PropsError } from '../common/prop-errors';
import { shapeIssues } from '../common/props-shape';
import { DaprResiliencyProps, ResiliencyPolicies } from './dapr-resiliency-props';

const DURATION_ALLOWED = 'a Go duration such as "500ms", "5s" or "1m30s"';
const isDuration = (v: unknown) => typeof v === 'string' && GO_DURATION.test(v);

/**
 * A Dapr Resiliency (dapr.io/v1alpha1): named timeouts, retries and circuit breakers, and the
 * targets (app-ids for service invocation, Components for pub/sub, state and bindings) they apply
 * to. Dapr skips a target that names a policy it does not define, in silence, so that is refused
 * here; synth refuses targets and scopes that name no app-id or Component of the namespace
 * (checks/dapr-components.ts).
 */
export class DaprResiliency extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: DaprResiliencyProps) {
    super(scope, id);
    const c = new FieldChecker();
    if (new.target === DaprResiliency) c.absorb(shapeIssues('DaprResiliencyProps', props));
    c.label('name', props.name);
    for (const [name, timeout] of Object.entries(props.timeouts ?? {})) c.check(isDuration(timeout), `timeouts.${name}`, timeout, DURATION_ALLOWED);
    for (const [name, retry] of Object.entries(props.retries ?? {})) {
      c.oneOf(`retries.${name}.policy`, retry?.policy, ['constant', 'exponential']);
      for (const key of ['duration', 'maxInterval'] as const) if (retry?.[key] !== undefined) c.check(isDuration(retry[key]), `retries.${name}.${key}`, retry[key], DURATION_ALLOWED);
      if (retry?.maxRetries !== undefined) c.integer(`retries.${name}.maxRetries`, retry.maxRetries, -1, 1000);
    }
    for (const [name, breaker] of Object.entries(props.circuitBreakers ?? {})) {
      c.check(typeof breaker?.trip === 'string' && breaker.trip.trim() !== '', `circuitBreakers.${name}.trip`, breaker?.trip, 'a condition such as "consecutiveFailures > 5"');
      c.check(isDuration(breaker?.timeout), `circuitBreakers.${name}.timeout`, breaker?.timeout, DURATION_ALLOWED);
      if (breaker?.interval !== undefined) c.check(isDuration(breaker.interval), `circuitBreakers.${name}.interval`, breaker.interval, DURATION_ALLOWED);
      if (breaker?.maxRequests !== undefined) c.integer(`circuitBreakers.${name}.maxRequests`, breaker.maxRequests, 1, 1000);
    }
    const refs = (field: string, policies: ResiliencyPolicies | undefined) => {
      const defined = { timeout: props.timeouts, retry: props.retries, circuitBreaker: props.circuitBreakers };
      for (const key of ['timeout', 'retry', 'circuitBreaker'] as const) {
        const named = policies?.[key];
        if (named === undefined) continue;
        const names = Object.keys(defined[key] ?? {});
        c.check(names.includes(named), `${field}.${key}`, named, names.length ? `one of ${names.join(', ')} (this Resiliency's ${key} policies)` : `a ${key} policy this Resiliency defines (it defines none)`);
      }
    };
    for (const [appId, policies] of Object.entries(props.apps ?? {})) {
      c.label(`apps.${appId}`, appId);
      refs(`apps.${appId}`, policies);
    }
    for (const [component, policies] of Object.entries(props.components ?? {})) {
      c.label(`components.${component}`, component);
      refs(`components.${component}.outbound`, policies?.outbound);
      refs(`components.${component}.inbound`, policies?.inbound);
    }
    c.check(Object.keys(props.apps ?? {}).length + Object.keys(props.components ?? {}).length > 0, 'apps', props.apps, 'at least one target: apps or components');
    (props.scopes ?? []).forEach((s, i) => c.label(`scopes[${i}]`, s));
    PropsError.throwIfAny(this, c.issues);
    this.apiObject = new ApiObject(this, 'resource', {
      apiVersion: DAPR_RESILIENCY_API,
      kind: 'Resiliency',
      metadata: { name: props.name, namespace: props.namespace ?? Chart.of(this).namespace },
      spec: {
        policies: {
          ...(props.timeouts ? { timeouts: { ...props.timeouts } } : {}),
          ...(props.retries ? { retries: { ...props.retries } } : {}),
          ...(props.circuitBreakers ? { circuitBreakers: { ...props.circuitBreakers } } : {}),
        },
        targets: {
          ...(props.apps ? { apps: { ...props.apps } } : {}),
          ...(props.components ? { components: { ...props.components } } : {}),
        },
      },
      ...(props.scopes ? { scopes: [...props.scopes] } : {}),
    });
  }
}
