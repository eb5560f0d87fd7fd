// `npm run chart`: the same synth of main.ts, published as a Helm chart into dist-chart/.
import { runCdk8sSynth } from '../lib/synth/run-cdk8s';

process.exitCode = runCdk8sSynth(process.argv.slice(2), 'chart');
