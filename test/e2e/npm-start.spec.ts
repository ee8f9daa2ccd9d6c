import { spawn } from 'node:child_process';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from '../support/app-process';
import { getJson, waitForStatus } from '../support/http';
import { TestSystem } from '../support/system';

jest.setTimeout(120_000);

/**
 * `npm start` (scripts/start-all.js): each app its own process with prefixed logs; one app failing
 * leaves the others up, like separate deployments; SIGINT (Ctrl-C) stops them all.
 */
describe('npm start launcher', () => {
  let blocker: Server;

  afterAll(
    () => new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve())),
  );

  it('runs every app as its own process, survives one crashing, and stops all on Ctrl-C', async () => {
    const system = await TestSystem.create('tcp');
    // payment-service cannot bind its HTTP port: it must fail alone.
    // Holds the port and hangs up on whoever calls (the gateway probes services' health).
    blocker = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) =>
      blocker.listen(Number(system.env.PAYMENT_HTTP_PORT), '127.0.0.1', resolve),
    );

    const launcher = spawn(process.execPath, [join(repoRoot, 'scripts', 'start-all.js')], {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'info', ...system.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    launcher.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    launcher.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', resolve));

    try {
      for (const app of ['api-gateway', 'order-service', 'inventory-service'] as const) {
        await waitForStatus(`${system.url(app)}/health`, 200, 60_000);
      }
      await waitForStatusLine(() => output, /payment-service.*exited with code 1/, 30_000);
      expect(output).toMatch(/\[payment-service\].*failed to start/);
      // The others are still serving after payment-service died.
      expect((await getJson(`${system.url('order-service')}/health`)).status).toBe(200);
      expect(launcher.exitCode).toBeNull();
    } finally {
      launcher.kill('SIGINT');
    }
    const code = await Promise.race([
      exited,
      new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 30_000)),
    ]);
    expect(code).not.toBe('still running');
    await expect(getJson(`${system.url('order-service')}/health`, 1_000)).rejects.toThrow();
  });
});

async function waitForStatusLine(read: () => string, pattern: RegExp, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(read())) {
    if (Date.now() > deadline) throw new Error(`no line matching ${pattern} in:\n${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
