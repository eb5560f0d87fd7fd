export * from './disruption-budget';
export * from './disruption-budget-props';
