/**
 * README.md and docs/*.md: every relative link resolves (the file exists and, for `#anchor`, the
 * page has that heading), and README's quick start is what it says: at most 5 commands from a
 * clean checkout, whose `.env` line makes a `.env` that `npm run secret` accepts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { npmRunSecret } from '../support/secret-cli';

const ROOT = path.resolve(__dirname, '..', '..');
const PAGES = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f))];

/** Markdown without its fenced code blocks, where `[x](y)` is code, not a link. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped (`.` and backticks too), spaces to `-`. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const headings = prose(fs.readFileSync(file, 'utf8')).match(/^#{1,6} .*$/gm) ?? [];
  return new Set(headings.map((h) => slug(h.replace(/^#+ /, ''))));
}

test('the pages are the README and the eight docs', () => {
  expect(PAGES.sort()).toEqual(['README.md', ...['checks', 'configuration', 'design', 'extending', 'helm', 'phase-v-runtime', 'troubleshooting', 'validator'].map((d) => `docs/${d}.md`)].sort());
});

test('every relative link of README.md and docs/ resolves, anchors included', () => {
  const broken: string[] = [];
  let checked = 0;
  for (const page of PAGES) {
    const file = path.join(ROOT, page);
    for (const [, target] of prose(fs.readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
      checked++;
      const [where, anchor] = target.split('#');
      const resolved = where ? path.resolve(path.dirname(file), where) : file;
      if (!fs.existsSync(resolved)) broken.push(`${page}: ${target} (no ${path.relative(ROOT, resolved)})`);
      else if (anchor !== undefined && !anchors(resolved).has(anchor)) broken.push(`${page}: ${target} (no heading #${anchor} in ${path.relative(ROOT, resolved)})`);
    }
  }
  expect(broken).toEqual([]);
  expect(checked).toBeGreaterThan(40);
});

test('the slug is GitHub\'s', () => {
  expect(slug('Tasks for main.ts')).toBe('tasks-for-maints');
  expect(slug('What `dist/` guarantees')).toBe('what-dist-guarantees');
  expect(slug('Quick start (minikube)')).toBe('quick-start-minikube');
  expect(slug('Profiles, values files and fields')).toBe('profiles-values-files-and-fields');
});

describe("README's quick start", () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Quick start (minikube)\n'), readme.indexOf('\n## ', readme.indexOf('\n## Quick start (minikube)\n') + 1));
  const commands = (/```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '').split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));

  test('is at most 5 commands: minikube with the memory a real build needs, npm ci, .env, the app change, npm run deploy', () => {
    expect(commands.length).toBeLessThanOrEqual(5);
    expect(commands[0]).toBe('minikube start --cpus=2 --memory=4g');
    expect(commands).toContain('npm ci');
    expect(commands[commands.length - 1]).toBe('npm run deploy');
    expect(commands.find((c) => c.includes('sed -i'))).toMatch(/@neondatabase\/serverless#pg#.*npm install pg/);
    // No contradiction: nowhere does the project tell minikube to start with 2 GiB.
    for (const page of PAGES) expect([page, /--memory=2g/.test(fs.readFileSync(path.join(ROOT, page), 'utf8'))]).toEqual([page, false]);
  });

  test('its .env command makes a .env that npm run secret accepts for the local profile, without OPENAI_API_KEY in the environment', () => {
    const line = commands.find((c) => c.endsWith('> .env'));
    expect(line).toMatch(/openssl rand/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-quickstart-'));
    try {
      const env = { ...process.env };
      delete env.OPENAI_API_KEY;
      const made = spawnSync('bash', ['-c', line!], { cwd: dir, env, encoding: 'utf8' });
      expect(made.status).toBe(0);
      const dotenv = fs.readFileSync(path.join(dir, '.env'), 'utf8');
      const values = Object.fromEntries(dotenv.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      expect(Object.keys(values).sort()).toEqual(['BETTER_AUTH_SECRET', 'OPENAI_API_KEY', 'POSTGRES_PASSWORD']);
      expect(values.POSTGRES_PASSWORD).toMatch(/^[0-9a-f]{48}$/);
      const out = path.join(dir, 'secret.yaml');
      const run = npmRunSecret(['--env-file', path.join(dir, '.env'), '--out', out], [values.BETTER_AUTH_SECRET, values.POSTGRES_PASSWORD]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(fs.existsSync(out)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
