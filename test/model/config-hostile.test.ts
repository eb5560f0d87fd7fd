/**
 * Configuration messages against hostile and careless values (issue 17): credentials without a
 * scheme stay hidden, probe paths are real URL paths, and unknown keys cannot forge output.
 */
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { TodoConfig } from '../../lib/model/settings/types';
import { ConfigError, validateConfig } from '../../lib/model/settings/validate';
import { BACKEND_CONTRACT, WebService } from '../../lib';
import { IMAGE, testChart } from '../constructs/helpers';

const PASSWORD = 'Hx7pW0rdLeak';

function messageOf(config: unknown): string {
  try {
    validateConfig(config as TodoConfig, 'test');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  return '';
}
const local = (patch: (c: any) => void): unknown => {
  const copy = structuredClone(LOCAL_PROFILE) as any;
  patch(copy);
  return copy;
};

describe('user:password@host without a scheme is never echoed', () => {
  test.each([
    ['database.host', (c: any) => (c.database = { kind: 'external', host: `admin:${PASSWORD}@db.example.com`, databaseName: 'todo', user: 'todo' })],
    ['database.user', (c: any) => (c.database = { kind: 'external', host: 'db.example.com', databaseName: 'todo', user: `todo:${PASSWORD}@x` })],
    ['publicUrls.frontend', (c: any) => (c.publicUrls.frontend = `me:${PASSWORD}@todo.example.com`)],
    ['images.backend.repository', (c: any) => (c.images.backend.repository = `robot:${PASSWORD}@ghcr.io/acme/api`)],
    ['exposure.className', (c: any) => (c.exposure = { kind: 'ingress', className: `x:${PASSWORD}@nginx` })],
  ])('%s', (field, patch) => {
    const message = messageOf(local(patch));
    expect(message).toMatch(new RegExp(`${field.replace(/\./g, '\\.')}: got a string of \\d+ characters \\(not shown\\)`));
    // A plain boolean, so a failure does not print the value.
    expect(message.includes(PASSWORD)).toBe(false);
  });
});

describe('healthCheckPath is a valid URL path of printable characters, with a cap', () => {
  test.each([
    ['control characters and an escape sequence', '/health\u0000\u0007\u001b[31m'],
    ['an invalid percent-escape', '/%zz'],
    ['a non-ASCII character', '/gesundheit\u00e4'],
    ['a network-path reference', `//admin:${PASSWORD}@db.example/health`],
    ['a path over 1024 characters', `/${'a'.repeat(1024)}`],
  ])('%s is refused', (_, path) => {
    const message = messageOf(local((c) => (c.backend.healthCheckPath = path)));
    expect(message).toContain('backend.healthCheckPath: got ');
    expect(message).toContain('allowed: an absolute HTTP path such as "/health": at most 1024 printable ASCII characters');
    expect(message.includes(PASSWORD)).toBe(false);
    expect(message).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  test('a 50 MB path is refused without being echoed', () => {
    const message = messageOf(local((c) => (c.backend.healthCheckPath = `/${'x'.repeat(50 << 20)}`)));
    expect(message).toContain('backend.healthCheckPath: got a string of 52428801 characters (not shown)');
    expect(message.length).toBeLessThan(2000);
  });

  test.each(['/health', '/api/v1/health%20check', "/h;v=1/!$&'()*+,=:@~"])('%s is accepted', (path) => {
    expect(messageOf(local((c) => (c.backend.healthCheckPath = path)))).toBe('');
  });

  test('the WebService construct refuses the same paths, without echoing a credential', () => {
    const make = (healthCheckPath: string) => () =>
      new WebService(testChart(), 'web', { contract: { ...BACKEND_CONTRACT, runtimeEnv: [] }, instance: 'todo', image: IMAGE, healthCheckPath });
    expect(make('/%zz')).toThrow(/healthCheckPath: got "\/%zz"; allowed: an absolute HTTP path/);
    expect(make(`//u:${PASSWORD}@h/x`)).toThrow(/healthCheckPath: got a string of \d+ characters \(not shown\)/);
  });
});

describe('unknown keys are quoted, so they cannot forge output lines or colours', () => {
  test('a key with a newline, an escape sequence and a carriage return', () => {
    const key = '\n  - everything is fine\u001b[2K\rSynth OK';
    const message = messageOf(local((c) => (c.backend[key] = 1)));
    expect(message).toContain('backend."\\n  - everything is fine\\u001b[2K\\rSynth OK": unknown key');
    expect(message).not.toMatch(/[\r\u001b]/);
    expect(message.split('\n')).toHaveLength(2);
  });

  test('line separators and bidirectional overrides are escaped too; plain keys stay bare', () => {
    expect(messageOf(local((c) => (c['a\u2028b\u202ec'] = 1)))).toContain('"a\\u2028b\\u202ec": unknown key');
    expect(messageOf(local((c) => (c.backend.replica = 1)))).toContain('backend.replica: unknown key (did you mean "replicas"?)');
  });

  test('values are quoted the same way', () => {
    const message = messageOf(local((c) => (c.namespace = 'todo\u0085\u2028x')));
    expect(message).toContain('namespace: got "todo\\u0085\\u2028x"');
  });
});
