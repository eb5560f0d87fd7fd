// Kept for lib/synth and test/support (owned by other branches); new code imports lib/todo-chart/ or lib/.
export * from './todo-chart/index';
