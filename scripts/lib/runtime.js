// The one Node this repo's scripts run on: the `node` package pinned in devDependencies. npm
// scripts and npx put node_modules/.bin first on PATH, so they find that binary before the
// machine's own Node; anything that reaches a script another way (the system `node` run by hand,
// an install that skipped the package's preinstall) is refused here, loudly, before it runs.
const { join } = require('node:path');
const { root } = require('./apps');

/** The pinned version, e.g. '24.21.0', read from package.json so it is written down once. */
function pinnedNodeVersion() {
  return require(join(root, 'package.json')).devDependencies.node;
}

const majorOf = (version) => Number(/^v?(\d+)\./.exec(version)?.[1]);

/** Why `version` may not run this repo's scripts, or undefined when it may. */
function runtimeProblem(version = process.version, execPath = process.execPath) {
  const pinned = pinnedNodeVersion();
  if (majorOf(version) === majorOf(pinned)) return undefined;
  return [
    `Railyard runs on Node ${majorOf(pinned)} (node@${pinned} in devDependencies), but this is Node ${version} (${execPath}).`,
    'Run it through npm (npm test, npm start, npm run …) or npx, which put node_modules/.bin/node first on PATH;',
    'if node_modules/.bin/node is missing or is not that version, run `npm ci` (without --ignore-scripts).',
  ].join('\n');
}

/** Exits the process with status 1 when it runs on another major than the pinned one. */
function assertRuntime() {
  const problem = runtimeProblem();
  if (problem === undefined) return;
  console.error(`[runtime] ${problem}`);
  process.exit(1);
}

module.exports = { pinnedNodeVersion, runtimeProblem, assertRuntime };
