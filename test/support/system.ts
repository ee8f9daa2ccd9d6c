import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess } from './app-process';
import { freePort } from './free-port';
import { waitForStatus } from './http';

export type TransportName = 'tcp' | 'rabbitmq' | 'kafka';

export const SERVICE_APPS = ['order-service', 'inventory-service', 'payment-service'] as const;
export const ALL_APPS = ['api-gateway', ...SERVICE_APPS] as const;
export type AppName = (typeof ALL_APPS)[number];

export const envPrefix = (app: AppName) =>
  app === 'api-gateway'
    ? 'GATEWAY'
    : app
        .replace(/-service$/, '')
        .toUpperCase()
        .replace(/-/g, '_');

/**
 * The four apps as separate processes on free ports, with their own data dir: what `npm start`
 * runs, isolated so tests can run next to a developer's own `npm start`.
 */
export class TestSystem {
  readonly processes = new Map<AppName, AppProcess>();
  readonly httpUrl = new Map<AppName, string>();
  readonly env: Record<string, string>;
  /** Variables one app gets on top of `env` (e.g. a peer's address that leads through a proxy). */
  readonly appEnv = new Map<AppName, Record<string, string>>();

  private constructor(env: Record<string, string>) {
    this.env = env;
  }

  static async create(transport: TransportName, extra: Record<string, string> = {}) {
    const env: Record<string, string> = {
      TRANSPORT: transport,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'railyard-e2e-')),
      ...extra,
    };
    const system = new TestSystem(env);
    for (const app of ALL_APPS) {
      const port = env[`${envPrefix(app)}_HTTP_PORT`] ?? String(await freePort());
      env[`${envPrefix(app)}_HTTP_PORT`] = port;
      system.httpUrl.set(app, `http://127.0.0.1:${port}`);
      if (app !== 'api-gateway') {
        env[`${envPrefix(app)}_TCP_PORT`] ??= String(await freePort());
      }
    }
    return system;
  }

  start(app: AppName): AppProcess {
    const process = new AppProcess(app, { ...this.env, ...this.appEnv.get(app) }).start();
    this.processes.set(app, process);
    return process;
  }

  async startAll(readyWithinMs = 60_000): Promise<void> {
    for (const app of ALL_APPS) this.start(app);
    await Promise.all(ALL_APPS.map((app) => this.waitReady(app, readyWithinMs)));
  }

  async waitReady(app: AppName, timeoutMs = 60_000): Promise<unknown> {
    try {
      return await waitForStatus(`${this.url(app)}/health/ready`, 200, timeoutMs);
    } catch (error) {
      throw new Error(
        `${(error as Error).message}\n--- ${app} output ---\n${this.processes.get(app)?.output}`,
      );
    }
  }

  url(app: AppName): string {
    return this.httpUrl.get(app)!;
  }

  async stopAll(): Promise<Map<AppName, number | string | null>> {
    const codes = new Map<AppName, number | string | null>();
    await Promise.all(
      [...this.processes].map(async ([app, process]) => codes.set(app, await process.stop())),
    );
    return codes;
  }
}
