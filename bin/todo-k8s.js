#!/usr/bin/env node
// Every npm script (synth, chart, deploy, status, down, images, check-app, secret) starts here:
// `node bin/todo-k8s.js <command> [options]`. A launcher only: see lib/cli/launch.js.
require('../lib/cli/launch').launch(process.argv.slice(2));
