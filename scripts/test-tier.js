#!/usr/bin/env node
// `npm run test:unit`: the tests that need no service (no `// Needs:` line) and run no command as
// a process (no `// Tier: commands` line): the quick tier to run while editing. `npm test` runs all.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { testFiles } = require('../test/support/test-files');

const root = path.resolve(__dirname, '..');
const unit = testFiles(path.join(root, 'test')).filter((f) => !/^\/\/ (Needs|Tier):/m.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(root, f));
// `npm run test:unit -- checks`: the quick tier's files that match, as jest matches paths; flags pass through.
const args = process.argv.slice(2);
const patterns = args.filter((a) => !a.startsWith('-'));
const selected = patterns.length === 0 ? unit : unit.filter((f) => patterns.some((p) => new RegExp(p).test(f)));
if (selected.length === 0) {
  console.error(`test:unit: no test of the quick tier matches ${patterns.join(' ')} (a file with a // Needs: or // Tier: line runs with npx jest <file>)`);
  process.exit(1);
}
const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), ...args.filter((a) => a.startsWith('-')), ...selected], { cwd: root, stdio: 'inherit' });
process.exitCode = jest.status ?? 1;
