/**
 * images.lock.json as synth reads it: every field that reaches a manifest is validated before it
 * is pinned (issue 8, item 7), a lock named by TODO_IMAGES_LOCK must exist (item 10), and a lock
 * without the Better Auth migration image is refused while the migration is on.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { TodoConfig } from '../../lib/model/settings/types';
import { applyImagesLock } from '../../lib/images/apply-lock';
import { LockFileError, MissingLockFileError, loadImagesLock, readImagesLock } from '../../lib/images/lock';
import { FIXTURE_TAG, fixtureLock } from './helpers/lock-fixture';
import { pinnedSettings } from '../support/synth';

const TAG = FIXTURE_TAG;

const validLock = (): any => fixtureLock();

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-lockfile-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeLock(data: unknown): string {
  const file = path.join(dir, 'images.lock.json');
  fs.writeFileSync(file, JSON.stringify(data));
  return file;
}

function mutated(edit: (lock: any) => void): string {
  const lock = validLock();
  edit(lock);
  return writeLock(lock);
}

test('a lock as npm run images writes it is read back whole', () => {
  expect(readImagesLock(writeLock(validLock()))).toEqual(validLock());
});

describe('a tag or reference that is not one is refused before it is pinned (issue 8 item 7)', () => {
  test.each([
    ['a tag with a space', (l: any) => (l.images.backend.tag = 'sha-abc def'), /"images\.backend\.tag" is "sha-abc def", which is not a Docker tag/],
    ['a tag with a newline', (l: any) => (l.images.frontend.tag = 'sha-abc\nimage: evil'), /"images\.frontend\.tag" is "sha-abc\\nimage: evil"/],
    ['a tag starting with "-"', (l: any) => (l.images.backend.tag = '-x'), /images\.backend\.tag/],
    ['a tag over 128 characters', (l: any) => (l.images.backend.tag = 'a'.repeat(129)), /images\.backend\.tag/],
    ['an uppercase repository', (l: any) => (l.images.backend.repository = 'Todo-Backend'), /"images\.backend\.repository" is "Todo-Backend"/],
    ['a repository with a tag in it', (l: any) => (l.images.backend.repository = 'todo-backend:1'), /images\.backend\.repository/],
    [
      'a reference with a space',
      (l: any) => (l.images.backend.reference = `todo-backend:${TAG} --privileged`),
      /"images\.backend\.reference" is "todo-backend:sha-0123456789ab --privileged", expected "todo-backend:sha-0123456789ab"/,
    ],
    ['a reference other than repository:tag', (l: any) => (l.images.frontend.reference = 'other:1'), /images\.frontend\.reference/],
    ['an image ID that is not one', (l: any) => (l.images.backend.imageId = 'sha256:xyz'), /images\.backend\.imageId/],
    ['a migrate tag that is not the frontend tag plus -migrate', (l: any) => (l.images.frontend.migrate.tag = 'latest'), /"images\.frontend\.migrate\.tag" is "latest", expected "sha-0123456789ab-migrate"/],
    ['a migrate reference in another repository', (l: any) => (l.images.frontend.migrate.reference = `evil/x:${TAG}-migrate`), /images\.frontend\.migrate\.reference/],
    ['a migrate tag with a newline', (l: any) => (l.images.frontend.migrate.tag = 'a\nb'), /images\.frontend\.migrate\.tag" is "a\\nb"/],
    ['a migrate image for the backend', (l: any) => (l.images.backend.migrate = l.images.frontend.migrate), /images\.backend\.migrate" is present/],
  ])('%s', (_title, edit, message) => {
    const file = mutated(edit);
    expect(() => readImagesLock(file)).toThrow(LockFileError);
    expect(() => readImagesLock(file)).toThrow(message);
    expect(() => readImagesLock(file)).toThrow(/Rebuild it with `npm run images` given the same profile and values files as synth/);
  });

  test('every problem is listed at once', () => {
    const file = mutated((l) => {
      l.images.backend.tag = 'a b';
      l.images.frontend.imageId = 'x';
    });
    expect(() => readImagesLock(file)).toThrow(/2 problems:\n {2}- field "images\.backend\.tag"[\s\S]*- field "images\.frontend\.imageId"/);
  });

  test('a message never carries a raw newline from the lock', () => {
    const file = mutated((l) => (l.images.backend.tag = 'x\ny'));
    const message = (() => {
      try {
        readImagesLock(file);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(message).not.toContain('x\ny');
  });

  test('nor a control or bidirectional character: the version and a service name are quoted with escapes (issue 26.10)', () => {
    const messageOf = (file: string) => {
      try {
        readImagesLock(file);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    };
    const version = messageOf(mutated((l) => (l.version = '1\u202egnp')));
    expect(version).toContain('field "version" is "1\\u202egnp", expected 1');
    const service = messageOf(mutated((l) => (l.services = { 'evil\n\u001b[31m': { repository: 'x' } })));
    expect(service).toContain('services."evil\\n\\u001b[31m"');
    for (const m of [version, service]) expect(m).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
  });
});

describe('TODO_IMAGES_LOCK (issue 8 item 10)', () => {
  test('set to a path that does not exist: an error naming the variable and the path', () => {
    const env = { TODO_IMAGES_LOCK: 'no-such-dir/images.lock.json' };
    expect(() => loadImagesLock(dir, env)).toThrow(MissingLockFileError);
    expect(() => loadImagesLock(dir, env)).toThrow(`TODO_IMAGES_LOCK=no-such-dir/images.lock.json names the lock file ${path.join(dir, 'no-such-dir/images.lock.json')}, which does not exist`);
  });

  test('set to an existing lock: read from there (relative to the project root)', () => {
    fs.mkdirSync(path.join(dir, 'locks'));
    fs.writeFileSync(path.join(dir, 'locks', 'dev.json'), JSON.stringify(validLock()));
    expect(loadImagesLock(dir, { TODO_IMAGES_LOCK: 'locks/dev.json' })).toEqual({ file: path.join(dir, 'locks', 'dev.json'), lock: validLock() });
  });

  test('unset, with no images.lock.json: nothing pinned (a fresh clone)', () => {
    expect(loadImagesLock(dir, {})).toEqual({ file: path.join(dir, 'images.lock.json'), lock: undefined });
    expect(loadImagesLock(dir, { TODO_IMAGES_LOCK: '' }).lock).toBeUndefined();
  });
});

describe('several instances: the lock follows the instance (issue 15)', () => {
  test('instance todo reads images.lock.json; another instance its own file, never the other\'s', () => {
    fs.writeFileSync(path.join(dir, 'images.lock.json'), JSON.stringify(validLock()));
    expect(loadImagesLock(dir, {}, 'todo')).toEqual({ file: path.join(dir, 'images.lock.json'), lock: validLock() });
    expect(loadImagesLock(dir, {}, 'todo-staging')).toEqual({ file: path.join(dir, 'images.todo-staging.lock.json'), lock: undefined });
    fs.writeFileSync(path.join(dir, 'images.todo-staging.lock.json'), JSON.stringify(validLock()));
    expect(loadImagesLock(dir, {}, 'todo-staging').file).toBe(path.join(dir, 'images.todo-staging.lock.json'));
    // TODO_IMAGES_LOCK still wins.
    expect(loadImagesLock(dir, { TODO_IMAGES_LOCK: 'images.lock.json' }, 'todo-staging').file).toBe(path.join(dir, 'images.lock.json'));
  });

  test('loadSettings with a staging values file pins from the staging lock, not production\'s', () => {
    const lock = (tag: string) => {
      const l = validLock() as any;
      for (const c of ['backend', 'frontend']) {
        l.images[c] = { ...l.images[c], tag, reference: `${l.images[c].repository}:${tag}` };
      }
      l.images.frontend.migrate = { ...l.images.frontend.migrate, tag: `${tag}-migrate`, reference: `${l.images.frontend.repository}:${tag}-migrate` };
      return l;
    };
    fs.writeFileSync(path.join(dir, 'images.lock.json'), JSON.stringify(lock('sha-aaaaaaaaaaaa')));
    fs.writeFileSync(path.join(dir, 'images.todo-staging.lock.json'), JSON.stringify(lock('sha-bbbbbbbbbbbb')));
    fs.writeFileSync(path.join(dir, 'staging.yaml'), 'instance: todo-staging\nnamespace: todo-staging\n');
    const prod = pinnedSettings(dir, { profile: 'local' });
    const staging = pinnedSettings(dir, { profile: 'local', valuesFiles: [path.join(dir, 'staging.yaml')] });
    expect([prod.instance, prod.images.backend.tag]).toEqual(['todo', 'sha-aaaaaaaaaaaa']);
    expect([staging.instance, staging.images.backend.tag]).toEqual(['todo-staging', 'sha-bbbbbbbbbbbb']);
  });
});

describe('the Better Auth migration image in the lock', () => {
  const withMigration = (migration: unknown): TodoConfig => ({ ...LOCAL_PROFILE, frontend: { ...LOCAL_PROFILE.frontend, migration } }) as TodoConfig;
  const withoutMigrate = () => {
    const lock = validLock();
    delete lock.images.frontend.migrate;
    return lock;
  };

  test('pins the frontend tag; the migration image is that tag plus -migrate', () => {
    const config = applyImagesLock(LOCAL_PROFILE, validLock(), 'images.lock.json');
    expect(config.images.frontend).toEqual({ repository: 'todo-frontend', tag: TAG, pullPolicy: 'Never' });
  });

  test('a lock without it is refused while the migration is on (the default, also when the field is absent)', () => {
    const { migration: _dropped, ...frontend } = LOCAL_PROFILE.frontend as TodoConfig['frontend'] & { migration?: unknown };
    for (const config of [LOCAL_PROFILE, { ...LOCAL_PROFILE, frontend } as TodoConfig, withMigration({ kind: 'better-auth', authConfigPath: 'src/auth.ts' })]) {
      expect(() => applyImagesLock(config, withoutMigrate(), 'images.lock.json')).toThrow(
        /images\.lock\.json: the frontend entry \(todo-frontend:sha-0123456789ab\) has no "migrate" image[\s\S]*todo-frontend:sha-0123456789ab-migrate[\s\S]*npm run images/,
      );
    }
  });

  test("accepted without it when frontend.migration is { kind: 'none' }", () => {
    expect(applyImagesLock(withMigration({ kind: 'none' }), withoutMigrate(), 'images.lock.json').images.frontend.tag).toBe(TAG);
  });
});

describe('a lock that is not one is refused without quoting it (TODO_IMAGES_LOCK pointed at a .env by mistake)', () => {
  test('not JSON: the line and column, never the text', () => {
    const file = path.join(dir, 'images.lock.json');
    fs.writeFileSync(file, 'A=sk-LEAKSECRET\nB=x\n');
    expect(() => readImagesLock(file, { required: true })).toThrow(LockFileError);
    expect(() => readImagesLock(file, { required: true })).toThrow(`${file}: is not valid JSON at line 1, column 1. Rebuild`);
    expect(() => readImagesLock(file, { required: true })).not.toThrow(/LEAK|A=sk/);
    fs.writeFileSync(file, '{"version": 1,\n "images": {"backend": sk-LEAKSECRET}}');
    expect(() => readImagesLock(file, { required: true })).not.toThrow(/LEAK/);
    fs.writeFileSync(file, '{"version": 1,\n "images": {"backend": 1');
    expect(() => readImagesLock(file, { required: true })).toThrow(`${file}: is not valid JSON at line 2, column 25 (the text ends before the JSON does).`);
  });

  test('a directory or unreadable path: a LockFileError naming it, not a raw EISDIR', () => {
    expect(() => readImagesLock(dir, { required: true })).toThrow(LockFileError);
    expect(() => readImagesLock(dir, { required: true })).toThrow(`${dir}: is a directory, not a lock file.`);
  });
});
