/**
 * The real services some test files need (a Docker Engine, PostgreSQL, the test cluster), how to
 * probe them, and which files need which: a test file declares it in a line `// Needs: docker, postgres`.
 * `cluster` is the kwok instance, `real-node` the instance with a real kubelet (test/support/cluster.ts),
 * `dapr` Dapr's control plane on the real node (test/support/dapr.ts), `validator` the API server's
 * validation built by `npm run validator` (test/support/validator.ts), `mirror` the base-image mirror
 * (test/support/mirror.ts), `kubectl` the kubectl client (the .env comparisons run it).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { connectDocker, pingDocker } from '../../lib/images/docker-endpoint';
import { requirePostgres } from '../e2e/helpers/postgres';
import { validatorProblem } from './validator';
import { clusterProblem } from './cluster';
import { daprProblem } from './dapr';
import { mirrorProblem } from './mirror';

export type ServiceName = 'docker' | 'postgres' | 'cluster' | 'real-node' | 'dapr' | 'validator' | 'mirror' | 'kubectl';

/** What to run to get every service the tests need (it installs and starts both). */
const START_ALL = '`bash .ci/run` (as root: installs and starts Docker Engine and PostgreSQL, then runs the tests)';

/** The services a test file declares with `// Needs: ...` (first 30 lines). */
export function servicesNeededBy(file: string): ServiceName[] {
  const head = fs.readFileSync(file, 'utf8').split('\n').slice(0, 30).join('\n');
  const line = /^\/\/ Needs: (.+)$/m.exec(head);
  return line ? (line[1].replace(/\(.*\)/, '').split(',').map((s) => s.trim()) as ServiceName[]) : [];
}

/** One line saying why the service is unusable and how to start it; undefined when it answers. */
export async function serviceProblem(service: ServiceName): Promise<string | undefined> {
  if (service === 'cluster') return clusterProblem('kwok');
  if (service === 'real-node') return clusterProblem('real');
  if (service === 'dapr') return daprProblem();
  if (service === 'validator') return validatorProblem();
  if (service === 'mirror') return mirrorProblem();
  if (service === 'kubectl') {
    return spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0 ? undefined : 'kubectl not found: apt-get install -y kubernetes-client (Debian), or https://kubernetes.io/docs/tasks/tools/.';
  }
  try {
    if (service === 'docker') {
      await pingDocker(connectDocker());
    } else {
      requirePostgres();
    }
    return undefined;
  } catch (err) {
    const detail = ((err as Error).message || String(err)).split('\n')[0];
    return service === 'docker'
      ? `${detail} Start it with \`dockerd &\` (Debian's docker.io), or ${START_ALL}.`
      : `${detail}.`;
  }
}
