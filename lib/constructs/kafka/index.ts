export * from './kafka-broker';
export * from './kafka-broker-props';
export * from './kafka-topics';
export * from './kafka-topics-props';
