#!/usr/bin/env node
// Type-checks the whole repo once (the webpack builder alone does not fail on type errors), then
// bundles every app to dist/apps/<app>/main.js. `--if-stale` skips the work when no source is
// newer than the bundles (used by `npm start`).
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { root, listApps } = require('./lib/apps');

const apps = listApps();
const bin = (name) => join(root, 'node_modules', '.bin', name);

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

function run(step, command, args) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
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
run('type-check', bin('tsc'), ['-p', 'tsconfig.build.json', '--noEmit']);
for (const app of apps) run(`bundle ${app}`, bin('nest'), ['build', app]);
