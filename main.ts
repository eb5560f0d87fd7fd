// Your cdk8s app, yours to edit. Every command (`npm run synth`, `chart`, `deploy`, `status`,
// `down`, `secret`) calls this function with the settings of the profile and values files, then
// runs what it returns through the same pipeline: the constructs' checks, the synth-time checks,
// then its own step. Add to the chart (`new Worker(chart, 'worker', { ... })`) or subclass
// TodoChart: docs/extending.md has a snippet per task.
import { App } from 'cdk8s';
import { TodoChart, TodoConfig } from './lib';

export default function buildApp(settings: TodoConfig): App {
  const app = new App();
  new TodoChart(app, settings.instance, { config: settings });
  return app;
}
