// Needs: cluster
/**
 * Issue 26 item 1, through `npm run deploy` against the test cluster: with the backend reading
 * the whole Secret (`env.copyFrom(Env.fromSecret(...))`), a base64 value wrapped onto a second
 * line is refused by line number, and a key of the cluster's Secret that is not plainly a
 * variable name is never named in "differs from .env in".
 */
import { ClusterProject, TEST_ENV_FILE } from '../cluster/cluster-project';
import { kubectlOk } from '../support/cluster';

jest.setTimeout(5 * 60 * 1000);

const MAIN = `
import { App } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { TodoChart, TodoConfig } from '@lib';
export default function buildApp(settings: TodoConfig): App {
  const app = new App();
  const chart = new TodoChart(app, settings.instance, { config: settings });
  chart.backend.deployment.containers[0].env.copyFrom(kplus.Env.fromSecret(kplus.Secret.fromSecretName(chart, 'whole', settings.secretName)));
  return app;
}
`;
// Made-up: a 44-character base64 value, and the second line it was wrapped onto.
const FIRST_LINE = 'Zq8wFrAgMeNtAbCdEfGhIjKlMnOpQrStUvWxYz012345';
const FRAGMENT = 'QkxPQ2tXcmFwcGVkRGVwbG95U2Vjb25kSGFsZg';
const leaks = (text: string) => [FIRST_LINE, FRAGMENT].some((s) => [...s].some((_, i) => i + 6 <= s.length && text.includes(s.slice(i, i + 6))));

describe('deploy with a reader of the whole Secret', () => {
  const project = new ClusterProject('h26-fragment', { main: MAIN });
  afterAll(() => project.remove());

  test('a wrapped value is refused by line; the fragment is never printed', () => {
    project.writeEnv(`BETTER_AUTH_SECRET=${FIRST_LINE}\n${FRAGMENT}==\n${TEST_ENV_FILE.split('\n').slice(1).join('\n')}`);
    const r = project.run('deploy', ['--timeout', '60s']);
    expect(leaks(r.stdout + r.stderr)).toBe(false);
    expect(r.stderr).toContain('.env:2: warning: a key with an empty value right after the long value of BETTER_AUTH_SECRET (line 1)');
    expect(r.stderr).toContain('the key on line 2: looks like the second half of the value on the line before');
    expect(r.status).toBe(1);
  });

  test("a key only in the cluster's Secret that is not plainly a name is not named", () => {
    project.writeEnv();
    expect(project.run('deploy', ['--timeout', '120s']).status).toBe(0);
    const patch = JSON.stringify({ data: { [FRAGMENT]: Buffer.from('x').toString('base64') } });
    kubectlOk(['patch', 'secret', 'todo-secrets', '-n', project.namespace, '--type=merge', '-p', patch]);
    const r = project.run('deploy', ['--timeout', '60s']);
    expect(leaks(r.stdout + r.stderr)).toBe(false);
    expect(r.stderr).toContain("differs from .env in: a key whose name is not shown (only in the cluster's Secret) (values not shown)");
    expect(r.status).toBe(1);
  });
});
