import { ConfigError } from './lib/config/validate';
import { LockFileError } from './lib/images/lock';
import { synthesize } from './lib/synth/synthesize';

// Run by `cdk8s synth` (see cdk8s.yaml). The CLI empties its output directory before it runs
// the app, so it is pointed at a staging directory and dist/ is only replaced on success.
try {
  const files = synthesize({ stagingDir: process.env.CDK8S_OUTDIR || '.synth', outDir: 'dist', env: process.env });
  // The cdk8s CLI swallows the app's stdout, so report on stderr.
  console.error(`Published ${files.join(', ')} (profile ${process.env.TODO_PROFILE || 'local'}); dist/ replaced.`);
} catch (err) {
  const known = err instanceof ConfigError || err instanceof LockFileError || /^Validation failed/.test((err as Error).message);
  console.error(known ? (err as Error).message : err);
  console.error('Synth failed; dist/ was left as it was.');
  process.exit(1);
}
