#!/usr/bin/env node
// Every npm script (synth, chart, deploy, status, down, images, check-app, secret) starts here:
// `node bin/todo-k8s.js <command> -- [options]`. A launcher only: see lib/cli/launch.js. The `--`
// the npm scripts end with keeps node 20 from taking a later `--env-file` for its own option.
require('../lib/cli/launch').launch(process.argv.slice(2));
