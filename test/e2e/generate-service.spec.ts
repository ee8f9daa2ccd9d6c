import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../support/app-process';
import { freePort } from '../support/free-port';
import { getJson, waitForStatus } from '../support/http';

/**
 * The README's generator commands for real, as written there (`npx nest g ...`) and without a
 * terminal (stdin closed): in a temporary copy of this repo (node_modules linked), through the
 * Nest CLI and the registered collection. `nest g microservice shipping`, then an event, a
 * handler and a saga: everything must type-check, lint and build; the service must start on TCP
 * with its own SQLite database (its saga registered) and answer /health, and its generated specs
 * (unit, integration on SQLite and PostgreSQL, e2e) must pass there. Last, a service of several
 * words (order-history) generated beside it must type-check and lint. Steps run in order.
 */
const NOT_COPIED = [
  'node_modules',
  'dist',
  '.data',
  '.git',
  'coverage',
  'reports',
  'brokers/.cache',
];
const APP = 'shipping-service';
/** The use case `nest g handler inventory ParcelDispatched` adds. */
const HANDLER = 'on-parcel-dispatched';

interface Finished {
  code: number | string | null;
  output: string;
}

interface Launched {
  child: ChildProcess;
  finished: Promise<Finished>;
}

/**
 * `node ...args` (or `command ...args`) in `cwd`, output kept, stdin closed (no terminal);
 * SIGKILLed once `timeoutMs` has passed.
 */
function launch(
  cwd: string,
  args: string[],
  timeoutMs: number,
  env: NodeJS.ProcessEnv = {},
  command = process.execPath,
) {
  const { JEST_WORKER_ID: _worker, ...inherited } = process.env;
  const child = spawn(command, args, {
    cwd,
    env: { ...inherited, FORCE_COLOR: '0', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => {
    output += `\n[killed after ${timeoutMs} ms]`;
    child.kill('SIGKILL');
  }, timeoutMs);
  const finished = new Promise<Finished>((resolve) =>
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, output });
    }),
  );
  return { child, finished } satisfies Launched;
}

const node = (cwd: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = {}) =>
  launch(cwd, args, timeoutMs, env).finished;

/** The README's `npx nest g ...` commands, comments dropped, as argument lists. */
const README_COMMANDS = [
  ...readFileSync(join(repoRoot, 'README.md'), 'utf8').matchAll(/^npx nest g [^#\n]*/gm),
].map(([line]) => line.trim().split(/\s+/));

/** Runs the README's command that matches `pattern`, exactly as written, without a terminal. */
function readmeCommand(cwd: string, pattern: RegExp): Promise<Finished> {
  const command = README_COMMANDS.find((args) => pattern.test(args.join(' ')));
  if (!command) throw new Error(`README.md has no command matching ${pattern}`);
  const [npx, ...args] = command;
  return launch(cwd, args, 60_000, {}, npx).finished;
}

/** A run of the Nest CLI that printed a refusal or error (it exits with 0 after one). */
function expectGenerated(step: string, finished: Finished): void {
  const failed = finished.code !== 0 || /Error|Nothing was changed/.test(finished.output);
  expect({ step, code: finished.code, output: failed ? finished.output : '' }).toEqual({
    step,
    code: 0,
    output: '',
  });
}

/** SIGTERM (the app drains its bus first), then how it ended and what it printed. */
function stop({ child, finished }: Launched): Promise<Finished> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  return finished;
}

const bin = {
  nest: 'node_modules/@nestjs/cli/bin/nest.js',
  tsc: 'node_modules/typescript/bin/tsc',
  eslint: 'node_modules/eslint/bin/eslint.js',
  prettier: 'node_modules/prettier/bin/prettier.cjs',
  jest: 'node_modules/jest/bin/jest.js',
};

/** Expects exit code 0, showing the output when not. */
function expectSuccess(step: string, finished: Finished): void {
  expect({ step, code: finished.code, output: finished.code === 0 ? '' : finished.output }).toEqual(
    { step, code: 0, output: '' },
  );
}

/** Path → content hash of every file of the copy (what a refused run must leave untouched). */
function snapshot(dir: string, base = dir, into = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (NOT_COPIED.includes(relative(base, path))) continue;
    if (entry.isDirectory()) snapshot(path, base, into);
    else if (entry.isFile()) {
      into.set(relative(base, path), createHash('sha1').update(readFileSync(path)).digest('hex'));
    }
  }
  return into;
}

describe("the README's generator commands, in a copy of the repo", () => {
  const copy = mkdtempSync(join(tmpdir(), 'railyard-generate-'));
  const read = (path: string) => readFileSync(join(copy, path), 'utf8');
  const started = Date.now();
  const timings: string[] = [];
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const from = Date.now();
    try {
      return await work();
    } finally {
      timings.push(`${step} ${((Date.now() - from) / 1000).toFixed(1)}s`);
    }
  };

  beforeAll(() => {
    cpSync(repoRoot, copy, {
      recursive: true,
      filter: (source) => !NOT_COPIED.includes(relative(repoRoot, source)),
    });
    symlinkSync(join(repoRoot, 'node_modules'), join(copy, 'node_modules'), 'dir');
  });
  afterAll(() => {
    console.log(
      `[generate-service] ${timings.join(', ')}; total ${((Date.now() - started) / 1000).toFixed(1)}s`,
    );
    rmSync(copy, { recursive: true, force: true });
  });

  it("generates the service with the README's command, without a terminal", async () => {
    const generated = await timed('generate', () =>
      readmeCommand(copy, /^npx nest g microservice shipping -p shipping-service$/),
    );
    expectGenerated('nest g microservice', generated);
    expect(generated.output).toContain(`CREATE apps/${APP}/src/main.ts`);

    expect(JSON.parse(read('nest-cli.json')).projects[APP]).toMatchObject({
      type: 'application',
      sourceRoot: `apps/${APP}/src`,
    });
    expect(read('libs/contracts/src/services.ts')).toContain(
      'shipping: { httpPort: 3004, tcpPort: 4004 },',
    );
    expect(read('.env.example')).toMatch(/^SHIPPING_HTTP_PORT=3004$/m);
    expect(read('.env.example')).toMatch(/^SHIPPING_TCP_PORT=4004$/m);
    expect(read('.env.example')).toMatch(/^SHIPPING_HOST=127\.0\.0\.1$/m);
    expect(read('.env.example')).toMatch(/^# SHIPPING_DATABASE_URL=postgres:\/\//m);
    const compose = parse(read('docker-compose.yml'), { merge: true });
    expect(compose.services[APP]).toMatchObject({
      build: { args: { APP } },
      environment: { SHIPPING_HTTP_PORT: '3004', SHIPPING_HOST: APP, SHIPPING_TCP_PORT: '4004' },
      expose: ['3004'],
    });
    expect(read(`deploy/k8s/base/${APP}/deployment.yaml`)).toContain('containerPort: 3004');
    expect(read('README.md')).toMatch(/ payment-service\/ shipping-service\/$/m);
    expect(read('README.md')).toMatch(
      /^\| payment .*\|\n\| shipping +\| 3004 \/ 4004 \| `shipping` +\| `order\.confirmed` +\| `shipping\.created` +\| `shipping\.create` +\|$/m,
    );
    expect(read('test/support/system.ts')).toContain(`'${APP}'`);
  }, 90_000);

  it("without -p, stops at the Nest CLI's project question (why the README passes -p)", async () => {
    const before = snapshot(copy);
    const asked = await timed('no -p', () =>
      node(copy, [bin.nest, 'g', 'microservice', 'billing'], 60_000),
    );
    expect(asked.output).toContain('Which project would you like to generate to?');
    expect(asked.code).not.toBe(0);
    expect(snapshot(copy)).toEqual(before);
  }, 90_000);

  it('refuses to generate it again, and changes nothing', async () => {
    const before = snapshot(copy);
    const again = await timed('refuse', () =>
      readmeCommand(copy, /^npx nest g microservice shipping -p shipping-service$/),
    );
    expect(again.output).toContain(`${APP} exists already`);
    expect(snapshot(copy)).toEqual(before);
  }, 90_000);

  it('keeps the built-in @nestjs/schematics schematics', async () => {
    const builtIn = await timed('built-in', () =>
      node(copy, [bin.nest, 'g', 'class', 'probe', '-p', APP, '--dry-run'], 60_000),
    );
    expectSuccess('nest g class', builtIn);
    expect(builtIn.output).toMatch(/CREATE apps\/shipping-service\/src\/probe\/probe\.ts/);
  }, 90_000);

  it("adds an event, a handler and a saga with the README's commands", async () => {
    const runs = await timed('event+handler+saga', async () => [
      await readmeCommand(copy, /^npx nest g event shipping /),
      await readmeCommand(copy, /^npx nest g handler inventory /),
      await readmeCommand(copy, /^npx nest g saga shipping /),
    ]);
    runs.forEach((run, index) => expectGenerated(['event', 'handler', 'saga'][index], run));
    expect(read('libs/contracts/src/shipping/shipping.messages.ts')).toContain(
      "export const ParcelDispatched = defineEvent({\n  type: 'shipping.parcel-dispatched',",
    );
    expect(
      read(`apps/inventory-service/src/${HANDLER}/${HANDLER}.message.controller.ts`),
    ).toContain('@EventPattern(ParcelDispatched.type)');
    expect(read('apps/inventory-service/src/inventory.module.ts')).toContain(
      'OnParcelDispatchedMessageController,',
    );
    expect(read(`apps/${APP}/src/ship-parcel/ship-parcel.saga.ts`)).toContain(
      'export class ShipParcelSaga implements SagaDefinition<ShipParcelContext>',
    );
    expect(read(`apps/${APP}/src/shipping.module.ts`)).toContain(
      'SagaModule.forRoot({ sagas: [ShipParcelSaga] })',
    );
  }, 120_000);

  it('type-checks, passes lint and builds', async () => {
    const generatedFiles = [
      `apps/${APP}`,
      `test/e2e/${APP}.e2e.spec.ts`,
      'libs/contracts/src',
      `apps/inventory-service/src/${HANDLER}`,
      'apps/inventory-service/src/inventory.module.ts',
    ];
    const [typecheck, eslint, prettier, build] = await timed('typecheck+lint+build', () =>
      Promise.all([
        node(copy, [bin.tsc, '-p', 'tsconfig.json', '--noEmit'], 240_000),
        node(copy, [bin.eslint, '--max-warnings', '0', ...generatedFiles], 240_000),
        node(copy, [bin.prettier, '--check', ...generatedFiles, 'test/support/system.ts'], 240_000),
        node(copy, [bin.nest, 'build', APP], 240_000),
      ]),
    );
    expectSuccess('tsc', typecheck);
    expectSuccess('eslint', eslint);
    expectSuccess('prettier', prettier);
    expectSuccess('nest build', build);
    expect(existsSync(join(copy, 'dist', 'apps', APP, 'main.js'))).toBe(true);
    expect(existsSync(join(copy, 'dist', 'apps', APP, 'data-source.js'))).toBe(true);
  }, 300_000);

  it('runs its migrations with `npm run migration:run -- shipping`, found through nest-cli.json', async () => {
    const migrated = await timed('migration:run', () =>
      node(copy, ['scripts/migration.js', 'run', 'shipping'], 120_000, {
        DATA_DIR: join(copy, '.data-migrate'),
      }),
    );
    expectSuccess('migration:run', migrated);
    expect(migrated.output).toMatch(/\[migration\] shipping: ran \d+: .*ShippingSchema\d+/);
  }, 150_000);

  it('starts on TCP with its own SQLite database and answers /health with 200', async () => {
    const dataDir = join(copy, '.data-health');
    const env: Record<string, string> = {
      TRANSPORT: 'tcp',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      MESSAGING_PUBLISH_TIMEOUT_MS: '1000',
    };
    // Its own ports, and closed ones for the peers: a developer's `npm start` is never reached.
    for (const name of [
      'SHIPPING_HTTP',
      'SHIPPING_TCP',
      'ORDER_TCP',
      'INVENTORY_TCP',
      'PAYMENT_TCP',
    ]) {
      env[`${name}_PORT`] = String(await freePort());
    }
    const url = `http://127.0.0.1:${env.SHIPPING_HTTP_PORT}`;
    const app = launch(copy, [join('dist', 'apps', APP, 'main.js')], 90_000, env);
    let ended: Finished | undefined;
    try {
      await timed('health', async () => {
        const body = await waitForStatus(`${url}/health`, 200, 60_000).catch(async (error) => {
          throw new Error(`${(error as Error).message}\n${(await stop(app)).output}`);
        });
        expect(body).toMatchObject({
          status: 'ok',
          details: { database: { status: 'up', kind: 'better-sqlite3' } },
        });
      });
      for (const path of ['/health/live', '/health/ready']) {
        expect({ path, status: (await getJson(`${url}${path}`)).status }).toEqual({
          path,
          status: 200,
        });
      }
      expect(existsSync(join(dataDir, 'shipping.sqlite'))).toBe(true);
    } finally {
      ended = await stop(app);
    }
    // Ended by the SIGTERM it was sent: the shutdown hooks ran (Nest re-raises the signal).
    expect({ code: ended.code, output: ended.code === 'SIGTERM' ? '' : ended.output }).toEqual({
      code: 'SIGTERM',
      output: '',
    });
  }, 120_000);

  it('passes its generated specs (unit, integration, e2e) and the compose and Kubernetes checks', async () => {
    const specs = await timed('generated specs', () =>
      node(
        copy,
        [
          bin.jest,
          '--selectProjects',
          'unit',
          'integration',
          'e2e',
          '--',
          `apps/${APP}/`,
          `test/e2e/${APP}.e2e.spec.ts`,
          'test/repo/docker-compose.spec.ts',
          'test/repo/kubernetes.spec.ts',
        ],
        240_000,
      ),
    );
    expectSuccess('jest', specs);
    for (const spec of [
      `apps/${APP}/src/domain/shipping-rules.spec.ts`,
      `apps/${APP}/src/shipping.int-spec.ts`,
      `test/e2e/${APP}.e2e.spec.ts`,
      'test/repo/docker-compose.spec.ts',
      'test/repo/kubernetes.spec.ts',
    ]) {
      expect(specs.output).toMatch(new RegExp(`PASS \\w+ ${spec.replace(/\./g, '\\.')}`));
    }
  }, 300_000);

  it('generates a service of several words beside it that type-checks, lints and builds', async () => {
    const HISTORY = 'order-history-service';
    const generated = await timed('order-history', () =>
      readmeCommand(copy, /^npx nest g microservice order-history -p order-history-service$/),
    );
    expectGenerated('nest g microservice order-history', generated);
    expect(read('libs/contracts/src/services.ts')).toContain(
      "'order-history': { httpPort: 3005, tcpPort: 4005 },",
    );
    expect(read('.env.example')).toMatch(/^ORDER_HISTORY_HTTP_PORT=3005$/m);
    expect(read(`apps/${HISTORY}/src/config/order-history.config.ts`)).toContain(
      "ORDER_HISTORY_HTTP_PORT: envPort().default(SERVICES['order-history'].httpPort)",
    );
    const files = [
      `apps/${HISTORY}`,
      `test/e2e/${HISTORY}.e2e.spec.ts`,
      'libs/contracts/src/order-history',
    ];
    const [typecheck, eslint, prettier, build] = await timed('order-history checks', () =>
      Promise.all([
        node(copy, [bin.tsc, '-p', 'tsconfig.json', '--noEmit'], 240_000),
        node(copy, [bin.eslint, '--max-warnings', '0', ...files], 240_000),
        node(copy, [bin.prettier, '--check', ...files, 'libs/contracts/src/services.ts'], 240_000),
        node(copy, [bin.nest, 'build', HISTORY], 240_000),
      ]),
    );
    expectSuccess('tsc', typecheck);
    expectSuccess('eslint', eslint);
    expectSuccess('prettier', prettier);
    expectSuccess('nest build', build);
    expect(existsSync(join(copy, 'dist', 'apps', HISTORY, 'main.js'))).toBe(true);
  }, 300_000);
});
