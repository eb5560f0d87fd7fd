// Tier: commands (runs the commands as processes, as users do; npm run test:unit leaves it out)
import * as fs from 'fs';
import { App } from 'cdk8s';
import { ConfigError } from '../../lib/model/settings/validate';
import { synthesize } from '../../lib/pipeline';
import { pinnedSettings } from '../support/synth';
import { TodoChart } from '../../lib/constructs/todo-chart';
import { SynthProject } from '../support/synth-project';

// Settings changed in code (main.ts) get the same field-by-field validation as a values file.
let project: SynthProject;
beforeEach(() => {
  project = new SynthProject();
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  jest.restoreAllMocks();
  project.remove();
});

function synthWithFrontendUrl(url: string) {
  const settings = pinnedSettings(project.dir);
  const changed = { ...settings, publicUrls: { ...settings.publicUrls, frontend: url } };
  const app = new App();
  new TodoChart(app, changed.instance, { config: changed });
  return () => synthesize(app, { settings, checks: false });
}

test.each([
  ['http://localhost:30300/', /publicUrls\.frontend: got "http:\/\/localhost:30300\/", which is not in normal form; allowed: exactly "http:\/\/localhost:30300"/],
  ['http://LOCALHOST:30300', /publicUrls\.frontend: got "http:\/\/LOCALHOST:30300", which is not in normal form; allowed: exactly "http:\/\/localhost:30300"/],
])('publicUrls.frontend = %j set in code is refused field by field; dist/ is left as it was', (url, expected) => {
  fs.mkdirSync(project.path('dist'));
  fs.writeFileSync(project.path('dist', 'todo.k8s.yaml'), 'previous output\n');
  const synth = synthWithFrontendUrl(url);
  expect(synth).toThrow(ConfigError);
  expect(synth).toThrow(/^Invalid configuration \(settings of chart todo, profile "local"\):/);
  expect(synth).toThrow(expected);
  expect(fs.readFileSync(project.path('dist', 'todo.k8s.yaml'), 'utf8')).toBe('previous output\n');
});
