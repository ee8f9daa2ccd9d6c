import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BusClient } from '../../test/support/bus-client';
import { AppName, SERVICE_APPS, TestSystem } from '../../test/support/system';
import { BrokerCpu } from '../bus/broker-cpu';
import { CpuMeter } from '../report/cpu-meter';
import { ProcessUsage, usageOfPid } from '../report/process-usage';
import { REPO_ROOT } from '../support/ts-child';
import { BenchTransport } from '../support/cli-args';

const READY_WITHIN_MS = 90_000;

/** The gateway's throttle (500 requests / 10 s per address by default) would turn load into 429s. */
const UNTHROTTLED = { THROTTLE_LIMIT: '10000000', THROTTLE_TTL_MS: '1000' };

/**
 * The four built apps as processes on one transport (test/support/system.ts), plus a bus client
 * for the bench. The gateway starts last and may fail alone: B3 does not need it, B4 says why.
 */
export class SagaSystem {
  gatewayProblem?: string;

  private constructor(
    readonly transport: BenchTransport,
    readonly system: TestSystem,
    readonly bus: BusClient,
  ) {}

  static async start(
    transport: BenchTransport,
    env: Record<string, string>,
    { gateway = true }: { gateway?: boolean } = {},
  ): Promise<SagaSystem> {
    const missing = ['api-gateway', ...SERVICE_APPS].filter(
      (app) => !existsSync(join(REPO_ROOT, 'dist', 'apps', app, 'main.js')),
    );
    if (missing.length > 0)
      throw new Error(
        `dist/apps/{${missing.join(',')}}/main.js missing: run \`npm run build\` first`,
      );
    const system = await TestSystem.create(transport, {
      LOG_LEVEL: 'warn',
      ...UNTHROTTLED,
      ...env,
    });
    try {
      for (const app of SERVICE_APPS) system.start(app);
      await Promise.all(SERVICE_APPS.map((app) => system.waitReady(app, READY_WITHIN_MS)));
      const bus = await BusClient.connect(system.env);
      const started = new SagaSystem(transport, system, bus);
      if (gateway) await started.startGateway();
      else started.gatewayProblem = 'not started (not needed)';
      return started;
    } catch (error) {
      await system.stopAll();
      rmSync(system.env.DATA_DIR, { recursive: true, force: true });
      throw error;
    }
  }

  get dataDir(): string {
    return this.system.env.DATA_DIR;
  }

  url(app: AppName): string {
    return this.system.url(app);
  }

  /** Counts the CPU of the four apps and of the transport's local broker (if any), and the runner's. */
  cpuMeter(): CpuMeter {
    const parts = new Map<string, () => number | undefined>();
    for (const [app, child] of this.system.processes) parts.set(app, CpuMeter.ofPid(child.pid));
    const broker = BrokerCpu.find(this.transport);
    if (broker)
      parts.set('broker', () => {
        const ms = broker.cpuMs();
        return ms === undefined ? undefined : ms / 1_000;
      });
    return new CpuMeter(parts);
  }

  usage(section: string): ProcessUsage[] {
    return [...this.system.processes]
      .map(([app, process]) => usageOfPid(`${section} ${app}`, process.pid))
      .filter((usage): usage is ProcessUsage => usage !== undefined);
  }

  async stop(): Promise<void> {
    await this.bus.close().catch(() => undefined);
    await this.system.stopAll();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async startGateway(): Promise<void> {
    this.system.start('api-gateway');
    try {
      await this.system.waitReady('api-gateway', READY_WITHIN_MS);
    } catch (error) {
      this.gatewayProblem = `api-gateway did not become ready: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`;
      await this.system.processes.get('api-gateway')?.stop();
    }
  }
}
