/** One entry of a Component's `spec.metadata`: a plain value, or a key of a Secret (never a credential as a value). */
export interface DaprMetadataItem {
  readonly name: string;
  /**
   * A value that is no secret.
   * @default - none: give `secretKeyRef`
   */
  readonly value?: string;
  /**
   * A key of a Secret in the Component's namespace, resolved through the secret store.
   * @default - none: give `value`
   */
  readonly secretKeyRef?: { readonly name: string; readonly key: string };
}

/** What every Dapr Component construct shares. */
export interface DaprComponentOptions {
  /**
   * The app-ids allowed to load it (top-level `scopes`; under `spec` Dapr ignores them).
   * `[]` writes none: every app in the namespace loads it.
   * @default - every app-id a DaprSidecar in the chart has, read at synth
   */
  readonly scopes?: readonly string[];
  /**
   * App-ids the default `scopes` leave out: apps of the chart that never use this component
   * (give either this or `scopes`).
   * @default - none
   */
  readonly exceptAppIds?: readonly string[];
  /**
   * Namespace: the workloads' (Components are namespaced; sidecars elsewhere never see it).
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}

/** Props of DaprComponent. */
export interface DaprComponentProps extends DaprComponentOptions {
  /** The Component's name, what apps call it by. */
  readonly name: string;
  /** e.g. `pubsub.kafka`, `state.postgresql`, `secretstores.kubernetes`, `bindings.cron`. */
  readonly type: string;
  /**
   * The component's version.
   * @default 'v1'
   */
  readonly version?: string;
  /** `spec.metadata`. */
  readonly metadata: readonly DaprMetadataItem[];
  /**
   * The secret store `secretKeyRef`s are read from.
   * @default 'kubernetes' (built into every sidecar on Kubernetes) when an item has a secretKeyRef
   */
  readonly secretStore?: string;
  /**
   * How long daprd waits for the component to initialise.
   * @default - Dapr's default (5s)
   */
  readonly initTimeout?: string;
}
