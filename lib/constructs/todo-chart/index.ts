export * from './todo-chart';
export * from './todo-chart-props';
