import { DaprComponentOptions } from './dapr-component-props';

/** Props of KubernetesSecretStore. */
export interface KubernetesSecretStoreProps extends DaprComponentOptions {
  /**
   * The Component's name (`/v1.0/secrets/<name>/<secret>`).
   * @default 'kubernetes-secrets'
   */
  readonly name?: string;
  /** The Secrets the apps may read through it (a Role with `get` on these names only). */
  readonly secretNames: readonly string[];
  /**
   * The ServiceAccounts the Role is bound to.
   * @default - the ServiceAccounts of the app-ids in its scopes (`appIdsInScope()`; each is named as its app-id), read at synth
   */
  readonly serviceAccounts?: readonly string[];
}
