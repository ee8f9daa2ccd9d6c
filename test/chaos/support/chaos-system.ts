import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { addVhost, deleteVhost } from '../../support/rabbitmq-vhost';
import { AppName, envPrefix, TestSystem, TransportName } from '../../support/system';
import { FaultProxy } from './fault-proxy';
import { kafkaBacklog, MessageBacklog, rabbitmqBacklog, tcpBacklog } from './message-backlog';

const KAFKA_PORT = '9092';
/** brokers-up.sh's FAULTS listener: the broker listens on KAFKA_PORT+2 and advertises +10002. */
const KAFKA_FAULTS_PORT = 9094;
const KAFKA_FAULTS_PROXY_PORT = 19094;

/**
 * The four apps as processes on one transport, with payment-service's link to the others behind a
 * fault proxy: its broker connection on RabbitMQ and Kafka, every peer's connection to it on TCP.
 * On RabbitMQ the system gets a vhost of its own, so queue depths and dead letters are its alone.
 */
export class ChaosSystem {
  private constructor(
    readonly transport: TransportName,
    readonly system: TestSystem,
    readonly proxy: FaultProxy,
    readonly backlog: MessageBacklog,
    private readonly vhost?: string,
  ) {}

  static async start(
    transport: TransportName,
    random: () => number,
    env: Record<string, string> = {},
  ): Promise<ChaosSystem> {
    const system = await TestSystem.create(transport, env);
    const vhost = transport === 'rabbitmq' ? `chaos-${randomUUID().slice(0, 8)}` : undefined;
    if (vhost) await addVhost(vhost);
    const proxy = await startProxy(transport, system, random, vhost);
    const backlog =
      transport === 'tcp'
        ? tcpBacklog(system.env.DATA_DIR)
        : vhost
          ? rabbitmqBacklog(vhost)
          : kafkaBacklog(system.env.KAFKA_BROKERS.split(','));
    const chaos = new ChaosSystem(transport, system, proxy, backlog, vhost);
    try {
      await system.startAll();
    } catch (error) {
      await chaos.stop();
      throw error;
    }
    return chaos;
  }

  get dataDir(): string {
    return this.system.env.DATA_DIR;
  }

  get gatewayUrl(): string {
    return this.system.url('api-gateway');
  }

  signal(app: AppName, signal: NodeJS.Signals): void {
    this.system.processes.get(app)?.signal(signal);
  }

  /** SIGKILL: no shutdown hook runs, whatever was in memory is gone. */
  async kill(app: AppName): Promise<void> {
    this.signal(app, 'SIGKILL');
    await this.system.processes.get(app)?.exited(10_000);
  }

  /** SIGTERM, and the exit code (0 or the re-raised SIGTERM) of a graceful drain. */
  async terminate(app: AppName, withinMs = 30_000): Promise<number | string | null | undefined> {
    this.signal(app, 'SIGTERM');
    return this.system.processes.get(app)?.exited(withinMs);
  }

  async restart(app: AppName): Promise<void> {
    this.system.start(app);
    await this.system.waitReady(app, 120_000);
  }

  /** The last lines each app printed (warnings and errors: the apps log at warn), for a failure. */
  outputTails(chars = 4_000): string {
    return [...this.system.processes]
      .map(([app, process]) => `--- ${app} (last output) ---\n${process.output.slice(-chars)}`)
      .join('\n');
  }

  /** Stops everything and removes the vhost and the data dir; safe after a failed start. */
  async stop(): Promise<void> {
    await this.system.stopAll();
    await this.proxy.close();
    await this.backlog.close().catch(() => undefined);
    if (this.vhost) await deleteVhost(this.vhost);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Puts the proxy in front of what payment-service talks to, and points the env through it. */
async function startProxy(
  transport: TransportName,
  system: TestSystem,
  random: () => number,
  vhost?: string,
): Promise<FaultProxy> {
  const env = system.env;
  if (transport === 'tcp') {
    // Everyone else reaches payment-service through the proxy; payment-service binds the real port.
    const key = `${envPrefix('payment-service')}_TCP_PORT`;
    const proxy = await FaultProxy.start({ targetPort: Number(env[key]), random, name: 'payment' });
    for (const app of ['api-gateway', 'order-service', 'inventory-service'] as const) {
      system.appEnv.set(app, { [key]: String(proxy.port) });
    }
    return proxy;
  }
  if (transport === 'rabbitmq') {
    const proxy = await FaultProxy.start({ targetPort: 5672, random, name: 'rabbitmq' });
    env.RABBITMQ_URL = `amqp://guest:guest@127.0.0.1:5672/${vhost}`;
    system.appEnv.set('payment-service', {
      RABBITMQ_URL: `amqp://guest:guest@127.0.0.1:${proxy.port}/${vhost}`,
    });
    return proxy;
  }
  env.KAFKA_BROKERS = `127.0.0.1:${KAFKA_PORT}`;
  const proxy = await FaultProxy.start({
    listenPort: KAFKA_FAULTS_PROXY_PORT,
    targetPort: KAFKA_FAULTS_PORT,
    random,
    name: 'kafka',
  });
  system.appEnv.set('payment-service', { KAFKA_BROKERS: `127.0.0.1:${KAFKA_FAULTS_PROXY_PORT}` });
  return proxy;
}

export { KAFKA_PORT };
