/** Props of DaprConfiguration. */
export interface DaprConfigurationProps {
  /** The Configuration's name: what a sidecar's `config` (dapr.io/config) names. */
  readonly name: string;
  /**
   * The share of requests traced, from "0" to "1" (a string, as Dapr takes it).
   * @default - no tracing
   */
  readonly tracingSamplingRate?: string;
  /**
   * Where traces go: a Zipkin collector's URL, e.g. `http://zipkin.monitoring.svc.cluster.local:9411/api/v2/spans`.
   * @default - none (traces are sampled but not exported)
   */
  readonly zipkinEndpoint?: string;
  /**
   * Whether daprd serves Prometheus metrics (port 9090).
   * @default true
   */
  readonly metrics?: boolean;
  /**
   * Dapr preview features by name, e.g. `{ SchedulerReminders: true }`.
   * @default - none
   */
  readonly features?: Readonly<Record<string, boolean>>;
  /**
   * The app-ids allowed to call the apps that use this Configuration through service invocation;
   * every other caller is denied (Dapr's access control, over its mTLS identities).
   * @default - every app may call (no access control)
   */
  readonly invocationAllowedFrom?: readonly string[];
  /**
   * Namespace: the workloads'.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}
