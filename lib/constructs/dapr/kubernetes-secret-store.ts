import { Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../../imports/k8s';
import { PHASE_V_NAMES } from '../../model/dapr';
import { FieldChecker } from '../../model/field-checker';
import { constructPath, PropsError } from '../common/prop-errors';
import { shapeIssues } from '../common/props-shape';
import { chartAppIds } from './app-registry';
import { DaprComponent } from './dapr-component';
import { KubernetesSecretStoreProps } from './kubernetes-secret-store-props';

/**
 * The Kubernetes secret store (`secretstores.kubernetes`) and what it needs: daprd reads the
 * Secrets as the pod's ServiceAccount, so a Role grants `get` on the named Secrets (nothing
 * else) to the apps' ServiceAccounts.
 */
export class KubernetesSecretStore extends DaprComponent {
  public readonly role: k8s.KubeRole;

  constructor(scope: Construct, id: string, props: KubernetesSecretStoreProps) {
    const c = new FieldChecker();
    if (new.target === KubernetesSecretStore) c.absorb(shapeIssues('KubernetesSecretStoreProps', props));
    c.check(Array.isArray(props.secretNames) && props.secretNames.length > 0, 'secretNames', props.secretNames, 'the names of the Secrets apps may read');
    PropsError.throwIfAny(constructPath(scope, id), c.issues);
    const name = props.name ?? PHASE_V_NAMES.secretStore;
    super(scope, id, { name, type: 'secretstores.kubernetes', metadata: [], scopes: props.scopes, exceptAppIds: props.exceptAppIds, namespace: props.namespace });
    const namespace = props.namespace ?? Chart.of(this).namespace;
    const roleName = `dapr-${name}-reader`;
    this.role = new k8s.KubeRole(this, 'role', {
      metadata: { name: roleName, namespace },
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [...props.secretNames], verbs: ['get'] }],
    });
    // The apps that may load the store, and no other: every app's ServiceAccount is named as its app-id.
    const accounts = () => props.serviceAccounts ?? this.appIdsInScope() ?? chartAppIds(this);
    new k8s.KubeRoleBinding(this, 'role-binding', {
      metadata: { name: roleName, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
      subjects: Lazy.any({ produce: () => accounts().map((sa) => ({ kind: 'ServiceAccount', name: sa, namespace })) }) as unknown as k8s.Subject[],
    });
  }
}
