#!/usr/bin/env node
// `npm start`: every app as its own OS process, like separate deployments. One app crashing does
// not stop the others (no kill-others); Ctrl-C / SIGTERM stops them all, each draining its bus.
const { concurrently } = require('concurrently');
const { join } = require('node:path');
const { root, listApps } = require('./lib/apps');
const { assertRuntime } = require('./lib/runtime');

assertRuntime();

const COLOURS = ['cyan', 'magenta', 'green', 'yellow', 'blue', 'red', 'white', 'gray'];

// The apps' stdout is a pipe to concurrently, never a terminal: they are told whether this one is.
const env = { ...process.env };
if (env.LOG_FORMAT === undefined && process.stdout.isTTY) env.LOG_FORMAT = 'pretty';

const commands = listApps().map((app, i) => ({
  name: app,
  // This Node, not the first `node` on the shell's PATH. The script path stays unquoted (app
  // folder names have no spaces): concurrently strips quotes wrapping a whole command, so
  // `"node" "main.js"` reached the shell as one word and every app exited 127.
  command: `${JSON.stringify(process.execPath)} ${join('dist', 'apps', app, 'main.js')}`,
  prefixColor: COLOURS[i % COLOURS.length],
  env,
}));

console.log(
  `[start] TRANSPORT=${process.env.TRANSPORT ?? 'tcp'}: ${commands.map((c) => c.name).join(', ')}`,
);
const { result } = concurrently(commands, {
  cwd: root,
  prefix: 'name',
  killOthersOn: [],
  handleInput: false,
});
result.then(
  () => process.exit(0),
  (events) => {
    const failed = events.filter(
      (e) => e.exitCode !== 0 && e.exitCode !== 'SIGINT' && e.exitCode !== 'SIGTERM',
    );
    for (const e of failed) console.error(`[start] ${e.command.name} exited with ${e.exitCode}`);
    process.exit(failed.length > 0 ? 1 : 0);
  },
);
