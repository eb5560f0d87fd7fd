// Tier: commands (runs `npm run secret` as a process)
/**
 * Issue 26 item 8: `npm run secret -- --out` inside dist/ or dist-chart/ is refused, even though
 * git ignores them: `kubectl apply -f dist` and `helm package dist-chart` would ship the Secret.
 * A symlink into them is seen through.
 */
import * as fs from 'fs';
import { SynthProject } from '../support/synth-project';

const VALUES = { BETTER_AUTH_SECRET: 'Zq8wAbCdEfGhIjKlMnOpQrStUvWxYz0123456789', OPENAI_API_KEY: 'sk-test-publ1shed0123', POSTGRES_PASSWORD: 'pgPublishedPass123' };
const project = new SynthProject();
beforeAll(() => fs.writeFileSync(project.path('.env'), Object.entries(VALUES).map(([k, v]) => `${k}=${v}\n`).join('')));
afterAll(() => fs.rmSync(project.dir, { recursive: true, force: true }));

test.each([
  ['dist/todo-secrets.yaml', 'dist'],
  ['dist-chart/templates/secret.yaml', 'dist-chart'],
  ['published/secret.yaml', 'dist'],
])('--out %s is refused, nothing written', (out, dir) => {
  fs.mkdirSync(project.path(dir, 'templates'), { recursive: true });
  if (out.startsWith('published/') && !fs.existsSync(project.path('published'))) fs.symlinkSync(project.path('dist'), project.path('published'));
  const r = project.run('secret', ['--', '--out', out], { TODO_PROFILE: 'local' });
  expect(Object.values(VALUES).some((v) => (r.stdout + r.stderr).includes(v))).toBe(false);
  expect(r.stderr).toContain(`${out}: is inside ${dir}/, which synth publishes and kubectl apply -f / helm package ship as they are`);
  expect(r.status).toBe(1);
  expect(fs.existsSync(project.path(out))).toBe(false);
});

test('--out elsewhere in the project is still written', () => {
  const r = project.run('secret', ['--', '--out', 'secrets/todo.yaml'], { TODO_PROFILE: 'local' });
  expect(r.status).toBe(0);
  expect(fs.existsSync(project.path('secrets', 'todo.yaml'))).toBe(true);
});
