/**
 * The tests' Debian base images are made by writing into a debootstrap root. Its absolute
 * symlinks (`var/run -> /run`) point at this machine's own files: a write through one changed
 * this machine's /run/postgresql and kept its PostgreSQL from restarting. pathInRoot refuses it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathInRoot } from './helpers/debian-base-images';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-rootfs-'));
  fs.mkdirSync(path.join(root, 'var', 'lib'), { recursive: true });
  fs.mkdirSync(path.join(root, 'run'));
  fs.symlinkSync('/run', path.join(root, 'var', 'run'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test('a path through a symlink of the root is refused, naming it; a plain one is given back under the root', () => {
  expect(() => pathInRoot(root, 'var/run/postgresql')).toThrow(`${path.join(root, 'var', 'run')} is a symlink`);
  expect(pathInRoot(root, 'run/postgresql')).toBe(path.join(root, 'run', 'postgresql'));
  expect(pathInRoot(root, 'var/lib/postgresql')).toBe(path.join(root, 'var', 'lib', 'postgresql'));
});
