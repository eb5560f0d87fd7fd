// `npm run chart`: the same synth of main.ts, published as a Helm chart into dist-chart/.
import { runSynthCommand } from '../lib/synth/synth-command';

void runSynthCommand(process.argv.slice(2), 'chart').then((code) => (process.exitCode = code));
