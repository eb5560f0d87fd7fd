/**
 * The Phase V settings (`dapr`, `kafka`) are checked field by field like the others: the shipped
 * values files pass; each wrong field is named with what is allowed; a credential pasted where a
 * Secret key's name belongs is never shown.
 */
import { LOCAL_PROFILE } from '../../lib/model/settings/profiles';
import { TodoConfig } from '../../lib/model/settings/types';
import { ConfigError, validateConfig } from '../../lib/model/settings/validate';
import { phaseVCloud, phaseVLocal, withConfig } from '../phase-v/helpers/settings';

function issuesOf(config: unknown): string[] {
  try {
    validateConfig(config as TodoConfig, 'test');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues.map((i) => `${i.field}: ${i.problem}; allowed: ${i.allowed}`);
  }
  return [];
}

test('the shipped Phase V values files are valid over the local profile, and Phase V is off without them', () => {
  expect(issuesOf(phaseVLocal())).toEqual([]);
  expect(issuesOf(phaseVCloud())).toEqual([]);
  expect(phaseVLocal().dapr?.enabled).toBe(true);
  expect(LOCAL_PROFILE.dapr).toBeUndefined();
});

test.each([
  ['enabled not a boolean', (c: any) => (c.dapr.enabled = 'yes'), /^dapr\.enabled: got "yes"; allowed: true or false/],
  ['an unknown pubsub kind', (c: any) => (c.dapr.pubsub.kind = 'redis'), /^dapr\.pubsub\.kind: got "redis"; allowed: one of kafka/],
  ['brokers neither in-cluster nor host:port', (c: any) => (c.dapr.pubsub.brokers = ['kafka']), /^dapr\.pubsub\.brokers: got a list of 1 items; allowed: "in-cluster".*host:port/],
  ['in-cluster brokers without kafka', (c: any) => delete c.kafka, /^kafka: is missing, and dapr\.pubsub\.brokers is "in-cluster"/],
  ['a version Kafka 4 refuses', (c: any) => (c.dapr.pubsub.version = '0.10.2.0'), /^dapr\.pubsub\.version: "0\.10\.2\.0" is older than Kafka 4 brokers serve.*allowed: "4\.0\.0"/],
  ['a version that is no version', (c: any) => (c.dapr.pubsub.version = 'latest'), /^dapr\.pubsub\.version: got "latest"; allowed: a Kafka version such as "4\.0\.0"/],
  ['the same app-id twice', (c: any) => (c.dapr.appIds = { backend: 'api', frontend: 'api' }), /^dapr\.appIds\.frontend: is the backend's app-id too \("api"\)/],
  ['an app-id with capitals', (c: any) => (c.dapr.appIds = { backend: 'Backend' }), /^dapr\.appIds\.backend: got "Backend"; allowed: an app-id/],
  ['a cron schedule that is none', (c: any) => (c.dapr.cron.schedule = 'every minute'), /^dapr\.cron\.schedule: got "every minute"; allowed: a schedule such as "@every 1m"/],
  ['a subscription route without /', (c: any) => (c.dapr.subscriptions[0].route = 'events'), /^dapr\.subscriptions\[0\]\.route: got "events"/],
  ['a subscription naming another pub/sub', (c: any) => (c.dapr.subscriptions[0].pubsubName = 'pubsub'), /^dapr\.subscriptions\[0\]\.pubsubName: "pubsub" is no pub\/sub Component of the chart; allowed: "kafka-pubsub"/],
  ['topics with a space', (c: any) => (c.dapr.pubsub.topics = ['task events']), /^dapr\.pubsub\.topics: got a list of 1 items; allowed: a list of Kafka topic names/],
  ['a chart app-id that is a worker\'s', (c: any) => (c.dapr.appIds = { backend: 'notification' }), /^dapr\.appIds\.backend: "notification" is the app-id of the notification worker \(dapr\.workers\)/],
  ['a subscription named as a worker\'s', (c: any) => (c.dapr.subscriptions[0].name = 'reminders-notification'), /^dapr\.subscriptions\[0\]\.name: "reminders-notification" is the notification worker's Subscription/],
  ['topics without those the workers use', (c: any) => (c.dapr.pubsub.topics = ['task-events']), /^dapr\.pubsub\.topics: has no "reminders", "task-updates", which the workers \(dapr\.workers\) use/],
  ['a service taking the workers\' image name', (c: any) => (c.services = { 'dapr-workers': { sourceDir: 'w' } }), /^services\.dapr-workers: is the name of the Phase V workers' image/],
  ['workers without an image', (c: any) => delete c.dapr.workers.image, /^dapr\.workers\.image: /],
  ['workers\' resources that are no quantity', (c: any) => (c.dapr.workers.resources = { requests: { cpu: 'lots', memory: '48Mi' }, limits: { cpu: '1', memory: '1Gi' } }), /^dapr\.workers\.resources\.requests\.cpu: got "lots"/],
  ['a kafka storage that is no quantity', (c: any) => (c.kafka.storage = 'lots'), /^kafka\.storage: got "lots"; allowed: a storage quantity/],
  ['a kafka image without tag', (c: any) => (c.kafka.image.tag = ''), /^kafka\.image\.tag: got ""/],
  ['a misspelt workers key', (c: any) => (c.dapr.workers.resource = {}), /^dapr\.workers\.resource: unknown key \(did you mean "resources"\?\)/],
  ['a misspelt key', (c: any) => (c.dapr.pubsub.broker = 'x'), /^dapr\.pubsub\.broker: unknown key \(did you mean "brokers"\?\)/],
])('local + phase-v: %s is refused by name', (_name, patch, expected) => {
  const issues = issuesOf(withConfig(phaseVLocal(), patch));
  expect(issues.some((i) => expected.test(i))).toBe(true);
});

test('SCRAM-SHA-256 is refused with the name Dapr knows', () => {
  const issues = issuesOf(withConfig(phaseVCloud(), (c) => (c.dapr.pubsub.auth.mechanism = 'SCRAM-SHA-256')));
  expect(issues).toContainEqual(expect.stringMatching(/^dapr\.pubsub\.auth\.mechanism: got "SCRAM-SHA-256"; allowed: one of SHA-256, SHA-512, PLAIN/));
  expect(issues).toContainEqual(expect.stringMatching(/^dapr\.pubsub\.auth\.mechanism: Dapr names SCRAM "SHA-256", not "SCRAM-SHA-256".*allowed: "SHA-256"/));
});

test('a password pasted where the Secret key belongs is refused and never shown', () => {
  const password = 'Xk9#vQ2!pL7@wR4$zM8&nB3';
  const issues = issuesOf(withConfig(phaseVCloud(), (c) => (c.dapr.pubsub.auth.passwordSecretKey = password)));
  expect(issues).toContainEqual(expect.stringMatching(/^dapr\.pubsub\.auth\.passwordSecretKey: got a string of 23 characters \(not shown\); allowed: the name of a key in the Secret/));
  expect(issues.join('\n')).not.toContain(password.slice(0, 6));
});

test('topics are refused for a managed Kafka (the chart creates them only on its own broker)', () => {
  expect(issuesOf(withConfig(phaseVCloud(), (c) => (c.dapr.pubsub.topics = ['task-events'])))).toContainEqual(
    expect.stringMatching(/^dapr\.pubsub\.topics: is set, but the brokers are external/));
});
