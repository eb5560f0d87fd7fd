// `npm run status`: lib/deploy/status-command.ts, started from a cached bundle like `npm run synth` (lib/synth/launch.js).
const path = require('path');
require('../lib/cli/launch').launch(path.join(__dirname, '..', 'lib', 'cli', 'status-command.ts'), 'runStatusCommand', [process.argv.slice(2)]);
