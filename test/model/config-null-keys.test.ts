/**
 * Issue 26 item 14: a values file whose every line is a key with a null value (`-f /etc/shadow`:
 * `root:$y$...:19000:0:99999:7:::` parses as the key `root:$y$...::`) was accepted, since a
 * null removes a field and removed keys were never checked. An unknown key is reported whatever
 * its value, without showing what may be a credential; a null that removes a field an earlier
 * file set still works.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig } from '../../lib/model/settings/load';
import { ConfigError } from '../../lib/model/settings/validate';

// Made-up hashes in /etc/shadow's format.
const HASH = '$y$j9T$Fk3LEAKsaltQ$Zx9LEAKhashAbCdEfGhIjKlMnOpQrStUvWxYz0123';
const SHADOW = `root:${HASH}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n`;

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-null-keys-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const messageOf = (valuesFile: string) => {
  try {
    loadConfig({ profile: 'local', valuesFiles: [valuesFile], cwd: dir });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  return 'accepted';
};

test('a file shaped like /etc/shadow is refused, its keys unknown, no hash shown', () => {
  fs.writeFileSync(path.join(dir, 'shadow'), SHADOW);
  const message = messageOf('shadow');
  expect(message).not.toBe('accepted');
  expect(message.includes('LEAK')).toBe(false);
  expect(message).toMatch(/unknown key/);
  expect(message.match(/unknown key/g)).toHaveLength(3);
});

test('an unknown key set to null is reported; a null removing a field an earlier file set is not', () => {
  fs.writeFileSync(path.join(dir, 'typo.yaml'), 'replicaz: null\n');
  expect(messageOf('typo.yaml')).toMatch(/replicaz.*unknown key/);
  fs.writeFileSync(path.join(dir, 'drop.yaml'), 'backend: { healthCheckPath: null }\n');
  // Dropping a field the profile set is what null is for.
  expect(messageOf('drop.yaml')).toBe('accepted');
});
