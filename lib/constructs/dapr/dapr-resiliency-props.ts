/** A retry policy of DaprResiliency. */
export interface ResiliencyRetry {
  readonly policy: 'constant' | 'exponential';
  /**
   * The wait between tries of a constant policy (a Go duration, e.g. "5s").
   * @default "5s" (Dapr's)
   */
  readonly duration?: string;
  /**
   * The longest wait of an exponential policy.
   * @default "60s" (Dapr's)
   */
  readonly maxInterval?: string;
  /**
   * Tries after the first; -1 retries for ever.
   * @default -1 (Dapr's)
   */
  readonly maxRetries?: number;
}

/** A circuit breaker of DaprResiliency. */
export interface ResiliencyCircuitBreaker {
  /** When it opens, e.g. "consecutiveFailures > 5". */
  readonly trip: string;
  /** How long it stays open before a trial request (a Go duration, e.g. "30s"). */
  readonly timeout: string;
  /**
   * Requests let through while half-open.
   * @default 1 (Dapr's)
   */
  readonly maxRequests?: number;
  /**
   * How often the failure counts are cleared while closed.
   * @default "0s": never (Dapr's)
   */
  readonly interval?: string;
}

/** Which named policies apply to a target. */
export interface ResiliencyPolicies {
  /** @default - none */
  readonly timeout?: string;
  /** @default - none */
  readonly retry?: string;
  /** @default - none */
  readonly circuitBreaker?: string;
}

/** The policies of a Component's target: calls to it (outbound) and, for pub/sub and bindings, deliveries from it (inbound). */
export interface ResiliencyComponentPolicies {
  /** @default - none */
  readonly outbound?: ResiliencyPolicies;
  /** @default - none */
  readonly inbound?: ResiliencyPolicies;
}

/** Props of DaprResiliency. */
export interface DaprResiliencyProps {
  /** The Resiliency's name. */
  readonly name: string;
  /**
   * Named timeouts (Go durations), e.g. `{ general: '5s' }`.
   * @default - none
   */
  readonly timeouts?: Readonly<Record<string, string>>;
  /**
   * Named retry policies.
   * @default - none
   */
  readonly retries?: Readonly<Record<string, ResiliencyRetry>>;
  /**
   * Named circuit breakers.
   * @default - none
   */
  readonly circuitBreakers?: Readonly<Record<string, ResiliencyCircuitBreaker>>;
  /**
   * Service invocation targets by app-id: the policies a caller's sidecar applies.
   * @default - none
   */
  readonly apps?: Readonly<Record<string, ResiliencyPolicies>>;
  /**
   * Component targets by Component name (e.g. `kafka-pubsub`).
   * @default - none
   */
  readonly components?: Readonly<Record<string, ResiliencyComponentPolicies>>;
  /**
   * The app-ids whose sidecars load it (top-level `scopes`).
   * @default - every app in the namespace
   */
  readonly scopes?: readonly string[];
  /**
   * Namespace: the workloads'.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}
