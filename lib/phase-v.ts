// Phase V's constructs, the second public module (lib/index.ts is the first): Dapr sidecars,
// Components and Subscriptions, the Kafka broker and its topics, and the PhaseV construct the
// chart adds when `dapr.enabled`. main.ts imports them from './lib/phase-v'.
export * from './constructs/phase-v';
