// @ts-check
'use strict';
/**
 * cdk8s's `Testing.app()` makes a `cdk8s.outdir.*` directory under the temp directory for every
 * app and never removes it (thousands per run). This removes those made since a run started and
 * left empty; anything with content, or older than the run, stays.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

/** @param {number} since epoch milliseconds the run started at */
function removeEmptyOutdirs(since) {
  const tmp = os.tmpdir();
  for (const name of fs.readdirSync(tmp)) {
    if (!name.startsWith('cdk8s.outdir.')) continue;
    const dir = path.join(tmp, name);
    try {
      // Whole seconds: a file system may keep coarser times than Date.now().
      if (fs.statSync(dir).birthtimeMs >= since - 1000 && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
    } catch {
      // gone already, or not ours to read
    }
  }
}

module.exports = { removeEmptyOutdirs };
