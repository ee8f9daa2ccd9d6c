'use strict';
// Loaded into every process the bench starts when it runs with `--cpu-prof <dir>` (through
// NODE_OPTIONS, next to Node's own --cpu-prof). Two jobs:
//  1. name the process: `<pid>.label` beside the profile Node writes as CPU.<...>.<pid>.<...>, so
//     the summary can say "order-service" or "bus-worker railyard kafka" instead of a pid;
//  2. let the profile be written. Node writes it only on a normal exit, and Nest's shutdown hooks
//     re-raise SIGTERM after closing the app, which would end the process by the signal. A
//     listener here turns that second SIGTERM (or a first one nobody handles within 5 s) into
//     process.exit().
const { writeFileSync } = require('node:fs');
const { basename, dirname, join } = require('node:path');

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const spec = process.env.BENCH_WORKER_SPEC ? JSON.parse(process.env.BENCH_WORKER_SPEC) : undefined;
  const script = process.argv[1] ?? '';
  const label = spec
    ? `bus-worker ${spec.variant} ${spec.transport}`
    : script.endsWith(join('main.js')) && script.includes(join('dist', 'apps'))
      ? basename(dirname(script))
      : basename(script).replace(/\.(ts|js)$/, '');
  writeFileSync(join(dir, `${process.pid}.label`), label);
  let signals = 0;
  process.on('SIGTERM', () => {
    signals += 1;
    if (signals > 1) process.exit(0);
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
