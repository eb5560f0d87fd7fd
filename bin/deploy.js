// `npm run deploy`: lib/deploy/deploy-command.ts, started from a cached bundle like `npm run synth` (lib/synth/launch.js).
const path = require('path');
require('../lib/cli/launch').launch(path.join(__dirname, '..', 'lib', 'cli', 'deploy-command.ts'), 'runDeployCommand', [process.argv.slice(2)]);
