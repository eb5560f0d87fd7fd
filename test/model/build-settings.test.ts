/**
 * The build settings (issues 23 and 25) are validated like every other field: each wrong value
 * names the field, what was wrong and what is allowed; a secret never becomes a build argument.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig } from '../../lib/model/settings/load';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-build-settings-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function load(values: string) {
  const file = path.join(dir, 'values.yaml');
  fs.writeFileSync(file, values);
  return () => loadConfig({ valuesFiles: [file], cwd: dir });
}

test('every build setting is accepted in its allowed form', () => {
  const config = load([
    'backend: { sourceDir: ../app/api, asgiApp: app.main:app, pythonManifest: uv.lock, dockerfile: Dockerfile }',
    'frontend: { sourceDir: /src/apps/web, packageManager: pnpm, dockerfile: docker/web.Dockerfile }',
    'images:',
    '  backend: { buildArgs: { PYTHON_IMAGE: "mirror.example/python:3.13-slim" } }',
    '  frontend: { buildArgs: { NODE_IMAGE: "mirror.example/node:22-alpine" } }',
    'services:',
    '  notifier: { sourceDir: ../app/services/notifier, image: { repository: ghcr.io/acme/notifier, buildArgs: { UV_VERSION: "0.13.9" } } }',
  ].join('\n'))();
  expect(config.backend).toMatchObject({ sourceDir: '../app/api', asgiApp: 'app.main:app', pythonManifest: 'uv.lock' });
  expect(config.services?.notifier.sourceDir).toBe('../app/services/notifier');
});

test('each wrong build setting is named with what is allowed; a secret or a derived argument is refused', () => {
  const error = (() => {
    try {
      load([
        'backend: { asgiApp: "main", pythonManifest: Pipfile.lock }',
        'frontend: { packageManager: bun }',
        'images:',
        '  frontend: { buildArgs: { NPM_TOKEN: abc, NEXT_PUBLIC_API_URL: "http://x", "1X": y } }',
        'services:',
        '  Notifier: { sourceDir: x }',
        '  mailer: { asgiApp: mail:app }',
      ].join('\n'))();
    } catch (err) {
      return (err as Error).message;
    }
    return '';
  })();
  expect(error).toContain('backend.asgiApp: got "main"; allowed: a uvicorn app reference "<module>:<attribute>"');
  expect(error).toContain('backend.pythonManifest: got "Pipfile.lock"; allowed: one of requirements.txt, uv.lock, poetry.lock, pyproject.toml');
  expect(error).toContain('frontend.packageManager: got "bun"; allowed: one of npm, pnpm, yarn');
  expect(error).toContain('images.frontend.buildArgs.NPM_TOKEN: names a secret');
  expect(error).not.toContain('abc');
  expect(error).toContain('images.frontend.buildArgs.NEXT_PUBLIC_API_URL: is derived from publicUrls.backend');
  expect(error).toContain('images.frontend.buildArgs.1X: is not a build argument name');
  expect(error).toContain('services.Notifier: is not a service name');
  expect(error).toContain('services.mailer.sourceDir: got nothing (the field is missing)');
});
