/**
 * Issue 26 item 7: the secret-value check knows the other ways a credential is written into a
 * string: a URL query (`?password=`), a libpq connection string (`password=`) and a token used
 * as a URL's user part (`https://<token>@github.com/...`). Each is named by path, never shown;
 * `$(VAR)` references and harmless strings pass. Synth refuses them, leaving dist/ as it was.
 */
import * as fs from 'fs';
import { podTemplates } from '../../lib/checks/pods';
import { secretValueViolations } from '../../lib/checks/secret-values';
import { SynthProject } from '../support/synth-project';

// Made-up credentials.
const LEAKS = ['qLEAK1pw', 'dLEAK2pw', 'ghp_LEAK3aBcDeFgHiJkLmNoPqRsTuVwXyZ012345', 'sLEAK4tok'];
const DATA = {
  'query.url': `https://api.example.com/v1?user=todo&password=${LEAKS[0]}`,
  'libpq.dsn': `host=db port=5432 dbname=todo user=todo password=${LEAKS[1]} sslmode=require`,
  'git.url': `https://${LEAKS[2]}@github.com/acme/app.git`,
  'token.url': `wss://push.example.com/socket?access_token=${LEAKS[3]}`,
};
const configMap = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'todo' }, data });
const violations = (data: Record<string, string>) => secretValueViolations([configMap(data)] as any, podTemplates([configMap(data)] as any));

test('each form is refused by path, and no credential is shown', () => {
  const v = violations(DATA);
  const text = JSON.stringify(v);
  expect(LEAKS.some((l) => text.includes(l))).toBe(false);
  expect(v.map((x) => `${x.path}: ${x.rule}`).sort()).toEqual([
    'data.git.url: the value holds a URL whose user part is a token (not shown), which would be written into dist/ in plain text',
    'data.libpq.dsn: the value holds a connection string with a literal password (not shown), which would be written into dist/ in plain text',
    'data.query.url: the value holds a URL whose query holds a literal password or token (not shown), which would be written into dist/ in plain text',
    'data.token.url: the value holds a URL whose query holds a literal password or token (not shown), which would be written into dist/ in plain text',
  ]);
});

test('references, plain users and ordinary strings pass', () => {
  expect(violations({
    a: 'host=db dbname=todo user=todo password=$(POSTGRES_PASSWORD)',
    b: 'https://api.example.com/v1?password=$(API_PASSWORD)',
    c: 'https://git@github.com/acme/app.git',
    d: 'postgresql://todo@db:5432/todo',
    e: 'login(user, password=pw)',
    f: 'https://example.com/reset?token=',
  })).toEqual([]);
});

test('an object nested 5,000 deep is walked without overflowing the stack', () => {
  let deep: any = { url: `https://x.example/?password=${LEAKS[0]}` };
  for (let i = 0; i < 5000; i++) deep = { d: deep };
  const object = { apiVersion: 'example.com/v1', kind: 'Deep', metadata: { name: 'deep', namespace: 'todo' }, spec: deep };
  const v = secretValueViolations([object] as any, []);
  expect(v).toHaveLength(1);
  expect(v[0].path.endsWith('.d.url')).toBe(true);
});

test('synth refuses them and leaves dist/ as it was', () => {
  const project = new SynthProject(
    fs.readFileSync(`${__dirname}/../../main.ts`, 'utf8').replace(
      '  return app;',
      `  new (require('cdk8s').ApiObject)(app.node.children[0], 'settings', ${JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: DATA })});\n  return app;`,
    ),
  );
  try {
    const r = project.run('synth');
    const output = r.stdout + r.stderr;
    expect(LEAKS.some((l) => output.includes(l))).toBe(false);
    expect(output).toContain('ConfigMap/settings data.libpq.dsn: the value holds a connection string with a literal password (not shown)');
    expect(r.status).toBe(1);
    expect(fs.existsSync(project.path('dist', 'todo.k8s.yaml'))).toBe(false);
  } finally {
    fs.rmSync(project.dir, { recursive: true, force: true });
  }
});

test("the API server's words are redacted over an object nested 20,000 deep, and over the new credential forms", () => {
  const { apiServerViolations } = require('../../lib/checks/api-server') as typeof import('../../lib/checks/api-server');
  let deep: any = { url: `https://x.example/?password=${LEAKS[0]}`, git: `https://${LEAKS[2]}@github.com/a.git` };
  for (let i = 0; i < 20000; i++) deep = { d: deep };
  const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deep', namespace: 'todo' }, extra: deep };
  const answer = { apiVersion: 'v1', kind: 'ConfigMap', name: 'deep', namespace: 'todo', namespaced: true, resource: 'configmaps', code: 422, reason: 'Invalid', message: 'invalid', errors: [{ field: 'extra', message: `unknown field "${LEAKS[0]}" near ${LEAKS[2]}` }] };
  const v = apiServerViolations([object] as any, [answer] as any);
  const text = JSON.stringify(v);
  expect(LEAKS.some((l) => text.includes(l))).toBe(false);
  expect(text).toContain('unknown field \\"<redacted>\\" near <redacted>');
});
