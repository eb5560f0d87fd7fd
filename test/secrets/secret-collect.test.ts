/**
 * `npm run secret` reads the keys from what main.ts synthesizes: a key the user's own code
 * references is written, and main.ts runs without publishing anything.
 */
import * as fs from 'fs';
import * as path from 'path';
import { synthesizeWithoutPublishing } from '../../lib/pipeline/collect';
import { buildSecretManifest } from '../../lib/secrets/secret-manifest';

const VALUES = { BETTER_AUTH_SECRET: 'x'.repeat(40), OPENAI_API_KEY: 'sk', POSTGRES_PASSWORD: 'pw' };

test('a Secret key referenced only in the user\'s main.ts is required, then written; dist/ is not touched', () => {
  const saved = { ...process.env };
  process.env.TODO_PROFILE = 'local';
  delete process.env.TODO_VALUES;
  const dist = path.resolve(__dirname, '..', '..', 'dist');
  const before = fs.existsSync(dist) ? fs.readdirSync(dist).map((f) => fs.statSync(path.join(dist, f)).mtimeMs) : undefined;
  try {
    const { settings, manifests } = synthesizeWithoutPublishing(path.join(__dirname, 'fixtures', 'main-with-sentry.ts'), 'nothing was written');
    const without = buildSecretManifest(settings, new Map(Object.entries(VALUES)), manifests);
    expect(without).toEqual({ ok: false, problems: ['SENTRY_DSN: missing or empty (read by Deployment/backend)'] });
    const withIt = buildSecretManifest(settings, new Map(Object.entries({ ...VALUES, SENTRY_DSN: 'dsn' })), manifests);
    expect(withIt.ok && withIt.keys).toEqual(['BETTER_AUTH_SECRET', 'OPENAI_API_KEY', 'POSTGRES_PASSWORD', 'SENTRY_DSN']);
  } finally {
    process.env = saved;
  }
  const after = fs.existsSync(dist) ? fs.readdirSync(dist).map((f) => fs.statSync(path.join(dist, f)).mtimeMs) : undefined;
  expect(after).toEqual(before);
});

test('a main file that never calls synthesizeApp is named', () => {
  const file = path.join(__dirname, 'fixtures', 'main-without-synth.ts');
  fs.writeFileSync(file, 'export {};\n');
  try {
    expect(() => synthesizeWithoutPublishing(file, '')).toThrow(/main-without-synth\.ts did not call synthesizeApp\(app, settings\)/);
  } finally {
    fs.rmSync(file);
  }
});
