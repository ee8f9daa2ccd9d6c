#!/usr/bin/env node
// Type-checks the whole repo once (the webpack builder alone does not fail on type errors), then
// bundles every app to dist/apps/<app>/main.js. `--if-stale` skips the work when no source is
// newer than the bundles (used by `npm start`).
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { root, listApps } = require('./lib/apps');
const { assertRuntime } = require('./lib/runtime');

assertRuntime();
const apps = listApps();
// Each CLI's script run by this very Node: their `#!/usr/bin/env node` would pick whatever `node`
// comes first on PATH, which is the machine's own when this script is run by hand.
const cli = (path) => join(root, 'node_modules', path);

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isStale() {
  const sources = Math.max(newestSource(join(root, 'apps')), newestSource(join(root, 'libs')));
  return apps.some((app) => {
    const bundle = join(root, 'dist', 'apps', app, 'main.js');
    return !existsSync(bundle) || statSync(bundle).mtimeMs < sources;
  });
}

function run(step, script, args) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[build] ${step} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
  console.log(`[build] ${step} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
}

if (process.argv.includes('--if-stale') && !isStale()) {
  console.log('[build] dist/ is up to date');
  process.exit(0);
}
run('type-check', cli('typescript/bin/tsc'), ['-p', 'tsconfig.build.json', '--noEmit']);
for (const app of apps) run(`bundle ${app}`, cli('@nestjs/cli/bin/nest.js'), ['build', app]);
