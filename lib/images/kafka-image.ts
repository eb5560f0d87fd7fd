/**
 * The in-cluster Kafka broker's image (Phase V, settings `kafka`): Apache Kafka 4.x from Maven
 * Central on a Debian JRE, built from dockerfiles/kafka.Dockerfile by the same build, lock and
 * delivery as the app's images. The lock records it under `services.kafka`.
 */
import * as path from 'path';
import { TodoConfig } from '../model/settings/types';
import { ImageBuildPlan } from './build-image';

/** The lock entry (under `services`) of the broker image. */
export const KAFKA_IMAGE_NAME = 'kafka';
/** The image is about 440 MB (a JRE and 92 jars). */
const KAFKA_MAX_BYTES = 700 * 1024 * 1024;

/** The build of the broker image from the project's (or a checkout's) dockerfiles/. */
export function kafkaImagePlan(root: string, repository: string, buildArgs: Readonly<Record<string, string>> = {}): ImageBuildPlan {
  return {
    name: KAFKA_IMAGE_NAME,
    contextDir: path.join(root, 'dockerfiles', 'kafka'),
    dockerfile: path.join(root, 'dockerfiles', 'kafka.Dockerfile'),
    requiredFiles: ['pom.xml', 'bin/kafka-start.sh', 'config/log4j2.properties'],
    buildArgs,
    repository,
    maxSizeBytes: KAFKA_MAX_BYTES,
  };
}

/** Whether the settings run the chart's own broker, whose image is then built with the app's. */
export function buildsKafkaImage(config: TodoConfig): boolean {
  return config.dapr?.enabled === true && config.dapr.pubsub?.brokers === 'in-cluster' && config.kafka !== undefined;
}
