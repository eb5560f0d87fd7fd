// `npm run synth`: cdk8s synth of main.ts, published into dist/ (see lib/synth/run-cdk8s.ts).
import { runCdk8sSynth } from '../lib/synth/run-cdk8s';

process.exitCode = runCdk8sSynth(process.argv.slice(2), 'synth');
