// Tier: commands (runs the commands as processes, as users do; npm run test:unit leaves it out)
/**
 * `npm run secret` reads the keys from what main.ts builds: a key the user's own code references
 * is required, then written, and nothing is published.
 */
import * as fs from 'fs';
import { SynthProject } from '../support/synth-project';

const MAIN_WITH_SENTRY = `import { App } from 'cdk8s';
import { envFromSecret, TodoChart, TodoConfig } from './lib';

export default function buildApp(settings: TodoConfig): App {
  const app = new App();
  const chart = new TodoChart(app, settings.instance, { config: settings });
  chart.backend.addEnv(envFromSecret(chart, 'SENTRY_DSN', settings.secretName));
  return app;
}
`;

let project: SynthProject;
beforeEach(() => (project = new SynthProject(MAIN_WITH_SENTRY)));
afterEach(() => project.remove());

test("a Secret key referenced only in the user's main.ts is required, then written; dist/ is not touched", () => {
  const values = 'BETTER_AUTH_SECRET=' + 'x'.repeat(40) + '\nOPENAI_API_KEY=sk\nPOSTGRES_PASSWORD=pw\n';
  fs.writeFileSync(project.path('.env'), values);
  const without = project.run('secret');
  expect(without.stderr).toContain('SENTRY_DSN: missing or empty (read by todo/Deployment/backend)');
  expect(without.status).toBe(1);
  fs.writeFileSync(project.path('.env'), `${values}SENTRY_DSN=dsn\n`);
  const withIt = project.run('secret');
  expect(withIt.stdout).toContain('with keys BETTER_AUTH_SECRET, OPENAI_API_KEY, POSTGRES_PASSWORD, SENTRY_DSN (values not shown)');
  expect(withIt.status).toBe(0);
  expect(fs.existsSync(project.path('dist'))).toBe(false);
});
