// `npm run down`: lib/deploy/down-command.ts, started from a cached bundle like `npm run synth` (lib/synth/launch.js).
const path = require('path');
require('../lib/cli/launch').launch(path.join(__dirname, '..', 'lib', 'cli', 'down-command.ts'), 'runDownCommand', [process.argv.slice(2)]);
