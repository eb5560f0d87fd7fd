// Needs: docker, real-node, mirror (probed once by test/support/global-setup.ts before any test runs)
/**
 * The project's Kafka broker image (dockerfiles/kafka.Dockerfile) on the real node: built by the
 * project's image build from Maven Central's jars on the stand-in Debian base, imported into the
 * node, run in a namespace that enforces Pod Security "restricted" with a read-only root. A topic
 * is created by a Job (topics are objects; the broker does not auto-create them), a message is
 * produced by one pod and consumed by another, both through the broker's Service, so the
 * advertised listener (the Service's DNS name) is what clients really reach.
 */
import Docker from 'dockerode';
import { uniqueName } from '../support/cluster';
import { testDocker } from '../images/helpers/docker';
import { unloadImages } from '../node/helpers/real-node';
import { pushToMirror } from '../support/mirror';
import { buildKafkaImage } from './helpers/images';
import { applyOk, deleteNamespace, eventually, getJson, logsOf, namespaceReport, podsOf } from './helpers/kube';
import { kafkaBroker, kafkaToolJob, kafkaTopic, restrictedNamespace } from './helpers/objects';

jest.setTimeout(15 * 60 * 1000);

const namespace = uniqueName('phase-v-kafka');
let docker: Docker;
let image: string;

/** A Job's pod's log once the Job has succeeded. */
async function jobOutput(name: string, timeoutMs = 180_000): Promise<string> {
  await eventually(`Job ${name} succeeds`, timeoutMs, () => (getJson(['job', name, '-n', namespace])?.status?.succeeded ?? 0) >= 1, () => namespaceReport(namespace));
  const pod = (getJson(['pods', '-n', namespace, '-l', `job=${name}`])?.items ?? []).find((p: any) => p.status.phase === 'Succeeded');
  return logsOf(namespace, pod.metadata.name, 'tool');
}

beforeAll(async () => {
  docker = await testDocker();
  image = pushToMirror((await buildKafkaImage(docker)).reference);
  applyOk([restrictedNamespace(namespace)]);
  applyOk(kafkaBroker(namespace, image));
});

afterAll(() => {
  deleteNamespace(namespace);
  if (image) unloadImages([image]);
});

test('the broker pod is admitted under "restricted" and becomes Ready: formatted on first start, KRaft broker and controller in one process', async () => {
  await eventually('the broker is Ready', 240_000, () => podsOf(namespace, 'kafka').find((p) => p.status.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')), () => namespaceReport(namespace));
  const [pod] = podsOf(namespace, 'kafka');
  expect(pod.spec.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
  const log = logsOf(namespace, pod.metadata.name, 'kafka');
  expect(log).toMatch(/kafka-start: formatting \/var\/lib\/kafka\/data \(cluster id [A-Za-z0-9_-]{22}\)/);
  expect(log).toContain(`advertised listeners PLAINTEXT://kafka.${namespace}.svc.cluster.local:9092`);
  expect(log).toMatch(/Kafka Server started \(kafka\.server\.KafkaRaftServer\)/);
});

test('a topic made by a Job; a message produced by one pod is consumed by another, through the Service', async () => {
  applyOk([kafkaTopic(namespace, image, 'task-events')]);
  expect(await jobOutput('topic-task-events')).toContain('Created topic task-events.');

  applyOk([kafkaToolJob(namespace, image, 'produce', 'echo "task-created 42" | kafka-console-producer.sh --bootstrap-server "$BOOTSTRAP" --topic task-events')]);
  await jobOutput('produce');
  applyOk([kafkaToolJob(namespace, image, 'consume', 'kafka-console-consumer.sh --bootstrap-server "$BOOTSTRAP" --topic task-events --from-beginning --max-messages 1 --timeout-ms 60000')]);
  const consumed = (await jobOutput('consume')).trim().split('\n');
  expect(consumed).toEqual(['task-created 42', 'Processed a total of 1 messages']);
});

test('a topic that was not made is not created by a producer: the send times out naming it, and the broker lists only task-events', async () => {
  applyOk([kafkaToolJob(namespace, image, 'missing', [
    'echo lost | kafka-console-producer.sh --bootstrap-server "$BOOTSTRAP" --topic not-made --producer-property max.block.ms=5000 2>&1 || echo "producer exit $?"',
    'echo "--- topics"; kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --list --exclude-internal',
  ].join('\n'))]);
  const out = await jobOutput('missing');
  expect(out).toContain('Topic not-made not present in metadata after 5000 ms');
  expect(out.slice(out.indexOf('--- topics')).trim().split('\n').slice(1)).toEqual(['task-events']);
});
