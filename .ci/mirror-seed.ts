/**
 * `.ci/mirror up`'s second half: pushes each stand-in base the mirror does not serve yet (built
 * once with debootstrap or `docker import` by the tests' own builders), under its Docker Hub name.
 *   tsx .ci/mirror-seed.ts localhost:5001
 */
import { execFileSync } from 'child_process';
import { connectDocker } from '../lib/images/docker-endpoint';
import { MIRRORED, MirroredImage, mirrorHas } from '../test/support/mirror';

async function main(address: string): Promise<void> {
  const docker = connectDocker();
  for (const image of Object.keys(MIRRORED) as MirroredImage[]) {
    if (mirrorHas(address, image)) continue;
    const { name, standIn, ensure } = MIRRORED[image];
    const started = Date.now();
    await ensure(docker);
    const target = `${address}/${name}`;
    // The docker CLI for the push: it speaks plain HTTP to localhost as the engine allows.
    execFileSync('docker', ['tag', standIn, target], { stdio: 'inherit' });
    try {
      execFileSync('docker', ['push', '--quiet', target], { stdio: ['ignore', 'ignore', 'inherit'] });
    } finally {
      execFileSync('docker', ['rmi', target], { stdio: 'ignore' });
    }
    console.log(`mirror: ${name} pushed (${Math.round((Date.now() - started) / 1000)} s)`);
  }
}

main(process.argv[2] ?? 'localhost:5001').catch((err) => {
  console.error(`mirror: ${(err as Error).message}`);
  process.exit(1);
});
