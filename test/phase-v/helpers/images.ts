import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Docker from 'dockerode';
import { buildImage, BuiltImage } from '../../../lib/images/build-image';
import { KAFKA_IMAGE, projectImagePlan, WORKERS_IMAGE } from '../../../lib/images/phase-v-images';
import { KAFKA_UID as BROKER_UID } from '../../../lib/model/dapr';
import { mirrored } from '../../support/mirror';

/**
 * The images the Phase V tests run on the real node (pushed to this machine's mirror, and pulled
 * from it by the kubelet: test/support/mirror.ts):
 * - the Kafka broker, built from dockerfiles/kafka.Dockerfile by the project's image build
 *   (lib/images/build-image.ts), on the mirror's debian:bookworm-slim (DEBIAN_IMAGE);
 * - a tiny app (test/phase-v/app/main.go, standard library only) compiled static and imported as
 *   a one-file image, to sit beside Dapr's sidecar.
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');
/** The broker image's user (dockerfiles/kafka.Dockerfile), as the product's KafkaBroker runs it. */
export const KAFKA_UID = BROKER_UID;
/** The app image's user: the same non-root id as Dapr's images. */
export const APP_UID = 65532;
const APP_SOURCE = path.join(__dirname, '..', 'app', 'main.go');

/**
 * Builds the Kafka image as `npm run images` builds the app's (content-tagged, so an unchanged
 * Dockerfile and context are not rebuilt). Cold: about 2 minutes (Debian's OpenJDK, Maven, the jars).
 */
export async function buildKafkaImage(docker: Docker, repository = 'todo-k8s-test/kafka', buildArgs: Record<string, string> = {}): Promise<BuiltImage> {
  return buildImage({ docker, ...projectImagePlan(ROOT, KAFKA_IMAGE, repository, { DEBIAN_IMAGE: mirrored('debian'), ...buildArgs }) });
}

/** Builds Phase V's consumers (dockerfiles/workers.Dockerfile) on the mirror's Python, as `npm run images` does. */
export async function buildWorkersImage(docker: Docker, repository = 'todo-k8s-test/workers'): Promise<BuiltImage> {
  return buildImage({ docker, ...projectImagePlan(ROOT, WORKERS_IMAGE, repository, { PYTHON_IMAGE: mirrored('python') }) });
}

/** Compiles the tiny app (CGO off, static) and imports it as `todo-k8s-test/phase-v-app:<source hash>`. */
export function buildAppImage(): string {
  const source = fs.readFileSync(APP_SOURCE);
  const reference = `todo-k8s-test/phase-v-app:${crypto.createHash('sha256').update(source).digest('hex').slice(0, 12)}`;
  try {
    execFileSync('docker', ['image', 'inspect', reference], { stdio: 'ignore' });
    return reference;
  } catch {
    // not built yet
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'todo-k8s-phase-v-app-'));
  try {
    fs.mkdirSync(path.join(dir, 'root'));
    execFileSync('go', ['build', '-trimpath', '-ldflags', '-s -w', '-o', path.join(dir, 'root', 'app'), 'main.go'], {
      cwd: path.dirname(APP_SOURCE),
      env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '', GO111MODULE: 'off', GOTOOLCHAIN: 'local' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    execFileSync('sh', ['-c', 'tar -C "$0" --numeric-owner --owner=0 --group=0 -c app | docker import --change "USER $1:$1" --change \'ENTRYPOINT ["/app"]\' - "$2" >/dev/null', path.join(dir, 'root'), String(APP_UID), reference], { stdio: ['ignore', 'ignore', 'pipe'] });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return reference;
}
