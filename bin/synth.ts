// `npm run synth`: main.ts (cdk8s.yaml's app) through the synth pipeline, published into dist/ (see lib/synth/synth-command.ts).
import { runSynthCommand } from '../lib/synth/synth-command';

void runSynthCommand(process.argv.slice(2), 'synth').then((code) => (process.exitCode = code));
