#!/usr/bin/env node
// Type-checks the whole repo once (the webpack builder alone does not fail on type errors), then
// bundles every app to dist/apps/<app>/main.js and the gateway's admin console (Vite) to
// dist/console. `--if-stale` skips the work when no source is newer than its output (used by
// `npm start` and the suites that run the built apps).
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

const consoleSources = join(root, 'apps', 'api-gateway', 'console');
const consoleConfig = join(consoleSources, 'vite.config.mjs');
// The page's entry, written last by Vite: older than a console source means a stale console.
const consoleOutput = join(root, 'dist', 'console', 'index.html');
const SOURCE = /\.ts$/;
const CONSOLE_SOURCE = /\.(ts|tsx|css|html|mjs)$/;

/** The newest mtime of a file matching `pattern` under `dir`; the console is not an app's source. */
function newestSource(dir, pattern = SOURCE) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && pattern === SOURCE && path === consoleSources) continue;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path, pattern));
    else if (pattern.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const olderThan = (file, mtimeMs) => !existsSync(file) || statSync(file).mtimeMs < mtimeMs;

function isStale() {
  const sources = Math.max(newestSource(join(root, 'apps')), newestSource(join(root, 'libs')));
  const bundleStale = apps.some((app) =>
    olderThan(join(root, 'dist', 'apps', app, 'main.js'), sources),
  );
  return bundleStale || olderThan(consoleOutput, newestSource(consoleSources, CONSOLE_SOURCE));
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
run('type-check console', cli('typescript/bin/tsc'), ['-p', join(consoleSources, 'tsconfig.json')]);
for (const app of apps) run(`bundle ${app}`, cli('@nestjs/cli/bin/nest.js'), ['build', app]);
run('bundle console', cli('vite/bin/vite.js'), ['build', '--config', consoleConfig]);
