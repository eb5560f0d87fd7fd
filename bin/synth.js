// `npm run synth`: main.ts (cdk8s.yaml's app) through the synth pipeline, published into dist/
// (lib/synth/synth-command.ts). Plain JavaScript, started without a TypeScript hook: see lib/synth/launch.js.
const path = require('path');
require('../lib/cli/launch').launch(path.join(__dirname, '..', 'lib', 'cli', 'synth-command.ts'), 'runSynthCommand', [process.argv.slice(2), 'synth']);
