#!/usr/bin/env node
// `node scripts/check-runtime.js`: fails (exit 1) unless it runs on the pinned Node major; the
// pre-scripts in package.json and CI's runtime step call it before anything else runs.
const { assertRuntime } = require('./lib/runtime');

assertRuntime();
console.log(`[runtime] node ${process.version} (${process.execPath})`);
