// `npm run status`: lib/deploy/status-command.ts, started from a cached bundle like `npm run synth` (lib/synth/launch.js).
const path = require('path');
require('../lib/synth/launch').launch(path.join(__dirname, '..', 'lib', 'deploy', 'status-command.ts'), 'runStatusCommand', [process.argv.slice(2)]);
