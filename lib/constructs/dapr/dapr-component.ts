import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { BUILTIN_SECRET_STORE, DAPR_COMPONENT_API } from '../../model/dapr';
import { FieldChecker } from '../../model/field-checker';
import { PropsError } from '../common/prop-errors';
import { shapeIssues } from '../common/props-shape';
import { nearest } from '../../util/nearest';
import { chartAppIds } from './app-registry';
import { DaprComponentProps, DaprMetadataItem } from './dapr-component-props';

/**
 * A Dapr Component (dapr.io/v1alpha1) in the workloads' namespace, `scopes` at the top level.
 * Each item of `metadata` is a value or a Secret key, never both; secrets go through the secret
 * store (`auth.secretStore`). The typed constructs (KafkaPubsub, PostgresStateStore, ...) build
 * on it; use it for a component type they do not cover.
 */
export class DaprComponent extends Construct {
  public readonly name: string;
  public readonly type: string;
  public readonly apiObject: ApiObject;
  private readonly scopes?: readonly string[];
  private readonly exceptAppIds: readonly string[];

  constructor(scope: Construct, id: string, props: DaprComponentProps) {
    super(scope, id);
    const c = new FieldChecker();
    if (new.target === DaprComponent) c.absorb(shapeIssues('DaprComponentProps', props));
    c.label('name', props.name);
    c.check(typeof props.type === 'string' && /^[a-z0-9]+\.[a-z0-9.\-]+$/.test(props.type), 'type', props.type, 'a component type such as "pubsub.kafka" or "state.postgresql"');
    (props.metadata ?? []).forEach((m, i) => {
      c.check(typeof m?.name === 'string' && m.name.length > 0, `metadata[${i}].name`, m?.name, 'a metadata name');
      c.check((m?.value === undefined) !== (m?.secretKeyRef === undefined), `metadata[${i}]`, m?.name,
        'exactly one of value and secretKeyRef (a credential only as a secretKeyRef)');
      if (m?.secretKeyRef) {
        c.subdomain(`metadata[${i}].secretKeyRef.name`, m.secretKeyRef.name);
        c.secretKey(`metadata[${i}].secretKeyRef.key`, m.secretKeyRef.key);
      }
    });
    (props.scopes ?? []).forEach((s, i) => c.label(`scopes[${i}]`, s));
    (props.exceptAppIds ?? []).forEach((s, i) => c.label(`exceptAppIds[${i}]`, s));
    c.check(props.scopes === undefined || props.exceptAppIds === undefined, 'exceptAppIds', props.exceptAppIds, 'either scopes (the app-ids in scope) or exceptAppIds (left out of the default), not both');
    if (props.namespace !== undefined) c.label('namespace', props.namespace);
    PropsError.throwIfAny(this, c.issues);
    this.name = props.name;
    this.type = props.type;
    const metadata = props.metadata.map((m: DaprMetadataItem) => (m.secretKeyRef ? { name: m.name, secretKeyRef: { name: m.secretKeyRef.name, key: m.secretKeyRef.key } } : { name: m.name, value: m.value }));
    const secretStore = props.secretStore ?? (props.metadata.some((m) => m.secretKeyRef) ? BUILTIN_SECRET_STORE : undefined);
    const scopes = props.scopes;
    this.apiObject = new ApiObject(this, 'resource', {
      apiVersion: DAPR_COMPONENT_API,
      kind: 'Component',
      metadata: { name: props.name, namespace: props.namespace ?? Chart.of(this).namespace },
      spec: { type: props.type, version: props.version ?? 'v1', ...(props.initTimeout ? { initTimeout: props.initTimeout } : {}), metadata },
      ...(secretStore ? { auth: { secretStore } } : {}),
      // Read at synth: the sidecars a user adds after this line are in scope too.
      scopes: Lazy.any({ produce: () => this.appIdsInScope() }),
    });
    this.scopes = scopes;
    this.exceptAppIds = props.exceptAppIds ?? [];
  }

  /**
   * The app-ids that may load it, read at synth: `scopes` as given, or else every app-id a
   * DaprSidecar in the chart has but `exceptAppIds`. Undefined when every app of the namespace may.
   */
  public appIdsInScope(): string[] | undefined {
    if (this.scopes !== undefined) return this.scopes.length > 0 ? [...this.scopes] : undefined;
    const all = chartAppIds(this);
    const unknown = this.exceptAppIds.filter((id) => !all.includes(id));
    const inScope = all.filter((id) => !this.exceptAppIds.includes(id));
    PropsError.throwIfAny(this, [
      ...unknown.map((id) => {
        const meant = nearest(id, all);
        return { field: 'exceptAppIds', problem: `"${id}" is the app-id of no DaprSidecar in the chart${meant ? ` (did you mean "${meant}"?)` : ''}`, allowed: all.join(', ') || 'none: the chart has no DaprSidecar' };
      }),
      // No `scopes` would let every app load it: the opposite of what was asked.
      ...(all.length > 0 && inScope.length === 0 ? [{ field: 'exceptAppIds', problem: `leaves none of the chart's app-ids (${all.join(', ')}) in scope`, allowed: 'fewer app-ids, or no Component' }] : []),
    ]);
    return inScope.length > 0 ? inScope : undefined;
  }
}
