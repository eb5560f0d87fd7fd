// The app `npm run synth` (and plain `cdk8s synth`, see cdk8s.yaml) runs: yours to edit.
// Add workloads to the chart, subclass TodoChart or replace it; synthesizeApp runs the same
// pipeline for whatever you build (validations, synth-time checks, atomic publish into dist/).
import { App } from 'cdk8s';
import { loadSettings, synthesizeApp, TodoChart } from './lib';

const settings = loadSettings(); // profile + values files + validation + images lock
const app = new App();
new TodoChart(app, settings.instance, { config: settings });
// e.g. new MyWorker(chart, 'worker', { ... }) or class MyChart extends TodoChart { ... }
synthesizeApp(app, settings); // synth, checks, then dist/ (dist-chart/ for `npm run chart`)
