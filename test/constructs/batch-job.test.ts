/** BatchJob: a one-off Job or a CronJob, hardened like the other workloads, optionally wired to the database. */
import * as kplus from 'cdk8s-plus-30';
import { Cron, Duration } from 'cdk8s';
import { BatchJob, PropsError } from '../../lib';
import { one, synth, testChart, testDatabase } from './helpers';

const POSTGRES_IMAGE = { repository: 'postgres', tag: '17-alpine', pullPolicy: 'IfNotPresent' } as const;
const vacuum = { name: 'vacuum', instance: 'todo', image: POSTGRES_IMAGE, user: { uid: 70, gid: 70 }, command: ['sh', '-c', 'exec vacuumdb --analyze --dbname="$DATABASE_URL"'] };

test('a CronJob with the database: DATABASE_URL, the wait first, admitted by the database\'s policy, restricted pod', () => {
  const chart = testChart();
  const database = testDatabase(chart);
  const job = new BatchJob(chart, 'vacuum', { ...vacuum, database, schedule: Cron.schedule({ minute: '0', hour: '3' }) });
  const manifests = synth(chart);
  const cron = one(manifests, 'CronJob');
  expect(job.job).toBeInstanceOf(kplus.CronJob);
  expect(cron.metadata).toMatchObject({ name: 'vacuum', namespace: 'todo', labels: { 'app.kubernetes.io/name': 'vacuum', 'app.kubernetes.io/component': 'vacuum', 'app.kubernetes.io/version': '17-alpine' } });
  expect(cron.spec).toMatchObject({ schedule: '0 3 * * *', concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
  const template = cron.spec.jobTemplate.spec.template;
  expect(template.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'vacuum', 'app.kubernetes.io/instance': 'todo' });
  const pod = template.spec;
  expect(pod).toMatchObject({ restartPolicy: 'Never', automountServiceAccountToken: false, enableServiceLinks: false });
  expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 70, runAsGroup: 70, fsGroup: 70, fsGroupChangePolicy: 'Always', seccompProfile: { type: 'RuntimeDefault' } });
  const [c] = pod.containers;
  expect(c).toMatchObject({
    name: 'vacuum', image: 'postgres:17-alpine', imagePullPolicy: 'IfNotPresent', command: vacuum.command,
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    securityContext: { runAsNonRoot: true, runAsUser: 70, runAsGroup: 70, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
  });
  expect(c.env.map((e: any) => e.name)).toEqual(['DATABASE_PASSWORD', 'DATABASE_URL']);
  expect(c.env[1].value).toBe('postgresql://todo:$(DATABASE_PASSWORD)@postgres.todo.svc.cluster.local:5432/todo');
  expect(pod.initContainers.map((i: any) => [i.name, i.terminationMessagePolicy])).toEqual([['wait-for-database', 'FallbackToLogsOnError']]);
  const rules = one(manifests, 'NetworkPolicy').spec.ingress;
  expect(rules.map((r: any) => r.from[0].podSelector.matchLabels['app.kubernetes.io/name'])).toEqual(['vacuum']);
});

test('without a schedule, a one-off Job; its options are passed on', () => {
  const chart = testChart();
  new BatchJob(chart, 'import', { ...vacuum, name: 'import', backoffLimit: 2, activeDeadline: Duration.minutes(30), ttlAfterFinished: Duration.hours(1), writablePaths: ['/tmp'] });
  const job = one(synth(chart), 'Job');
  expect(job.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 1800, ttlSecondsAfterFinished: 3600 });
  expect(job.spec.template.spec.containers[0].volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  expect(job.spec.template.spec.initContainers).toBeUndefined();
});

test('bad props are refused together, by name: CronJob options without a schedule, no name or user without a contract', () => {
  const chart = testChart();
  expect(() => new BatchJob(chart, 'x', { instance: 'todo', image: POSTGRES_IMAGE, backoffLimit: -1, timeZone: 'UTC' })).toThrow(PropsError);
  try {
    new BatchJob(chart, 'y', { instance: 'todo', image: POSTGRES_IMAGE, timeZone: 'UTC' });
  } catch (e) {
    expect((e as PropsError).problems).toEqual([
      'timeZone: got "UTC"; allowed: unset without a schedule (a one-off Job has none)',
      'name: got nothing (the field is missing); allowed: a name (required without a contract, whose component would name it)',
      expect.stringMatching(/^user: got nothing \(the field is missing\); allowed: the numeric user and group the image runs as/),
    ]);
  }
});
