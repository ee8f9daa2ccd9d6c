#!/usr/bin/env node
// `npm run migration:<run|revert|show|generate> -- <service> [Name]`: a service's migrations, run
// once, outside its start (a deploy step, a Kubernetes Job). The service's data source
// (apps/<app>/src/database/<service>.data-source.ts) is the one the app uses, read from the same
// environment (.env included, as at start). From the TypeScript sources through ts-node in the
// repo; from dist/apps/<app>/data-source.js where there are none, as in the production image.
// `run` and `revert` take the same PostgreSQL advisory lock as a start with MIGRATIONS=auto, so a
// Job and replicas starting beside it never run a migration twice.
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');
const { root } = require('./lib/apps');
const { migrationTargets, resolveTarget } = require('./lib/migration-targets');
const { assertRuntime } = require('./lib/runtime');

assertRuntime();

const USAGE = [
  'usage: npm run migration:run -- <service>        run the pending migrations',
  '       npm run migration:revert -- <service>     undo the last migration run',
  '       npm run migration:show -- <service>       list applied and pending migrations',
  '       npm run migration:generate -- <service> <Name>',
  '                                                 write a migration from the entities’ diff',
].join('\n');
/** The TypeORM CLI's generate run: compiling the app and diffing the schema, bounded. */
const GENERATE_TIMEOUT_MS = 300_000;
const MIGRATION_NAME = /^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$/;

class UsageError extends Error {}

/** Where the data source of `target` is loaded from: sources through ts-node, else the bundle. */
function loadable(target) {
  if (target.source && canCompile()) return { file: target.source, typescript: true };
  if (target.bundle) return { file: target.bundle, typescript: false };
  throw new Error(
    `${target.service}: no built data source (dist/apps/${target.app}/data-source.js); run npm run build`,
  );
}

function canCompile() {
  try {
    require.resolve('ts-node');
    require.resolve('tsconfig-paths');
    return true;
  } catch {
    return false;
  }
}

/** The ServiceDataSource a data source file exports by default. */
function loadDataSource({ file, typescript }) {
  if (typescript) {
    // Transpile only: `npm run typecheck` checks types; this loads in seconds.
    require('ts-node').register({ transpileOnly: true, project: join(root, 'tsconfig.json') });
    const { compilerOptions } = require(join(root, 'tsconfig.json'));
    require('tsconfig-paths').register({ baseUrl: root, paths: compilerOptions.paths });
  }
  const dataSource = require(file).default;
  if (typeof dataSource?.migrate !== 'function') {
    throw new Error(`${relative(root, file)}: its default export is not a ServiceDataSource`);
  }
  return dataSource;
}

const dialectOf = (dataSource) =>
  dataSource.options.type === 'postgres' ? 'PostgreSQL' : 'SQLite';

/** The database named without credentials. */
function databaseOf(dataSource) {
  const { options } = dataSource;
  if (options.type !== 'postgres') return `SQLite ${relative(root, options.database)}`;
  const url = new URL(options.url);
  return `PostgreSQL ${url.host}${url.pathname}`;
}

async function run(service, dataSource) {
  const ran = await dataSource.migrate();
  console.log(
    ran.length === 0
      ? `[migration] ${service}: nothing pending`
      : `[migration] ${service}: ran ${ran.length}: ${ran.join(', ')}`,
  );
}

async function revert(service, dataSource) {
  const reverted = await dataSource.revertLast();
  console.log(
    reverted
      ? `[migration] ${service}: reverted ${reverted}`
      : `[migration] ${service}: no migration recorded, nothing to revert`,
  );
}

async function show(service, dataSource) {
  const { applied, pending } = await dataSource.status();
  for (const name of applied) console.log(`[X] ${name}`);
  for (const name of pending) console.log(`[ ] ${name}`);
  console.log(`[migration] ${service}: ${applied.length} applied, ${pending.length} pending`);
}

/** TypeORM's `migration:generate`, against a database with nothing pending, then Prettier. */
async function generate(target, from, dataSource, name) {
  if (!from.typescript) {
    throw new Error('generate writes TypeScript: run it in the repo (with its dev dependencies)');
  }
  const { pending } = await dataSource.status();
  if (pending.length > 0) {
    throw new Error(
      `${target.service}: ${pending.length} migration(s) pending (${pending.join(', ')}); run ` +
        `npm run migration:run -- ${target.service} first, so the new one holds only what changed`,
    );
  }
  const folder = join(dirname(from.file), 'migrations');
  const before = new Set(existsSync(folder) ? readdirSync(folder) : []);
  const cli = [
    ...['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    join(root, 'node_modules', 'typeorm', 'cli.js'),
    ...['migration:generate', join(folder, name), '-d', from.file],
  ];
  const env = { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.json') };
  const generated = spawnSync(process.execPath, cli, {
    cwd: root,
    env,
    stdio: 'inherit',
    timeout: GENERATE_TIMEOUT_MS,
  });
  if (generated.status !== 0) return generated.status ?? 1;
  const [file] = readdirSync(folder).filter((entry) => !before.has(entry));
  if (file === undefined) return 0;
  const prettier = join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
  spawnSync(process.execPath, [prettier, '--write', join(folder, file)], { stdio: 'ignore' });
  const database = relative(root, dirname(from.file));
  console.log(
    [
      `[migration] ${target.service}: wrote ${relative(root, join(folder, file))}. Next:`,
      `  - add its class to the service's list of migrations in ${database}/ (listed, not discovered)`,
      `  - its SQL is ${dialectOf(dataSource)}'s: where the service runs on both SQLite and`,
      '    PostgreSQL, write it with QueryRunner’s table API (createTable, addColumn, …) instead',
    ].join('\n'),
  );
  return 0;
}

async function main([command, service, name]) {
  const commands = { run, revert, show, generate };
  if (!Object.hasOwn(commands, command ?? '')) throw new UsageError(`unknown command "${command}"`);
  let target;
  try {
    target = resolveTarget(service, migrationTargets());
  } catch (error) {
    throw new UsageError(error.message);
  }
  if (command === 'generate' && !MIGRATION_NAME.test(name ?? '')) {
    throw new UsageError(
      'generate needs a migration name of letters and digits, words joined by dashes ' +
        `(e.g. order-notes or OrderNotes); got ${name === undefined ? 'none' : `"${name}"`}`,
    );
  }
  // As at start (runService): the variables already set win over the file's.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const from = loadable(target);
  const dataSource = loadDataSource(from);
  const origin = from.typescript ? 'sources' : 'dist';
  console.log(`[migration] ${command} ${target.service} on ${databaseOf(dataSource)} (${origin})`);
  if (command === 'generate') return generate(target, from, dataSource, name);
  await commands[command](target.service, dataSource);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[migration] ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError) console.error(USAGE);
    process.exit(1);
  },
);
