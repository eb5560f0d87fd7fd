// The app `npm run synth` (and plain `cdk8s synth`, see cdk8s.yaml) runs: yours to edit.
// To add to the chart, name it (`const chart = new TodoChart(...)`) and add constructs to it
// (e.g. `new Worker(chart, 'worker', { ... })`), or subclass TodoChart: docs/extending.md has a
// snippet per task. synthesizeApp runs the same pipeline for whatever you build (validations,
// synth-time checks, atomic publish into dist/).
import { App } from 'cdk8s';
import { loadSettings, synthesizeApp, TodoChart } from './lib';

const settings = loadSettings(); // profile + values files + validation + images lock
const app = new App();
new TodoChart(app, settings.instance, { config: settings });
synthesizeApp(app, settings); // synth, checks, then dist/ (dist-chart/ for `npm run chart`)
