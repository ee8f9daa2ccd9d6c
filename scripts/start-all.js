#!/usr/bin/env node
// `npm start`: every app as its own OS process, like separate deployments. One app crashing does
// not stop the others (no kill-others); Ctrl-C / SIGTERM stops them all, each draining its bus.
const { concurrently } = require('concurrently');
const { join } = require('node:path');
const { root, listApps } = require('./lib/apps');

const COLOURS = ['cyan', 'magenta', 'green', 'yellow', 'blue', 'red', 'white', 'gray'];

const commands = listApps().map((app, i) => ({
  name: app,
  command: `node ${JSON.stringify(join('dist', 'apps', app, 'main.js'))}`,
  prefixColor: COLOURS[i % COLOURS.length],
  env: process.env,
}));

console.log(`[start] TRANSPORT=${process.env.TRANSPORT ?? 'tcp'}: ${commands.map((c) => c.name).join(', ')}`);
const { result } = concurrently(commands, {
  cwd: root,
  prefix: 'name',
  killOthersOn: [],
  handleInput: false,
});
result.then(
  () => process.exit(0),
  (events) => {
    const failed = events.filter((e) => e.exitCode !== 0 && e.exitCode !== 'SIGINT' && e.exitCode !== 'SIGTERM');
    for (const e of failed) console.error(`[start] ${e.command.name} exited with ${e.exitCode}`);
    process.exit(failed.length > 0 ? 1 : 0);
  },
);
