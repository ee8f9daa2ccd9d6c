import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { AppProcess } from '../../support/app-process';
import { freePort } from '../../support/free-port';
import { addVhost, deleteVhost } from '../../support/rabbitmq-vhost';
import { ALL_APPS, AppName, envPrefix, TestSystem, TransportName } from '../../support/system';
import { waitForStatus } from '../../support/http';
import { FaultProxy } from './fault-proxy';
import { assertKafkaGroupsIdle } from './kafka-idle-groups';
import { kafkaBacklog, MessageBacklog, rabbitmqBacklog, tcpBacklog } from './message-backlog';
import { ServiceDatabases } from './service-databases';
import { RABBITMQ_EVENT_EXCHANGE } from '@railyard/messaging';

const KAFKA_PORT = '9092';
/** brokers-up.sh's FAULTS listener: the broker listens on KAFKA_PORT+2 and advertises +10002. */
const KAFKA_FAULTS_PORT = 9094;
const KAFKA_FAULTS_PROXY_PORT = 19094;

export interface ChaosSystemOptions {
  /** Apps not started with the others: a scenario starts them for the first time later. */
  deferred?: AppName[];
}

/** A second process of an app (a replica), on ports of its own. */
interface Replica {
  app: AppName;
  env: Record<string, string>;
  url: string;
  process: AppProcess;
}

/**
 * The four apps as processes on one transport, with payment-service's link to the others behind a
 * fault proxy: its broker connection on RabbitMQ and Kafka, every peer's connection to it on TCP.
 * On RabbitMQ the system gets a vhost of its own, so queue depths and dead letters are its alone.
 */
export class ChaosSystem {
  /** The services' databases, as the apps chose them from the env (SQLite or PostgreSQL). */
  readonly databases: ServiceDatabases;
  /** Outbox rows a fault made unpublishable on purpose (message ids): parking them is right. */
  readonly expectedParked = new Set<string>();
  /** Rows a fault put behind such a row, in its aggregate: they wait unsent, by design. */
  readonly heldBehindParked = new Set<string>();
  private readonly replicas = new Map<string, Replica>();

  private constructor(
    readonly transport: TransportName,
    readonly system: TestSystem,
    readonly proxy: FaultProxy,
    readonly backlog: MessageBacklog,
    readonly vhost?: string,
  ) {
    this.databases = ServiceDatabases.fromEnv(system.env);
  }

  static async start(
    transport: TransportName,
    random: () => number,
    env: Record<string, string> = {},
    options: ChaosSystemOptions = {},
  ): Promise<ChaosSystem> {
    if (transport === 'kafka') await assertKafkaGroupsIdle([`127.0.0.1:${KAFKA_PORT}`]);
    const system = await TestSystem.create(transport, env);
    const vhost = transport === 'rabbitmq' ? `chaos-${randomUUID().slice(0, 8)}` : undefined;
    if (vhost) await addVhost(vhost);
    const proxy = await startProxy(transport, system, random, vhost);
    const backlog =
      transport === 'tcp'
        ? tcpBacklog(system.env.DATA_DIR)
        : vhost
          ? rabbitmqBacklog(vhost, RABBITMQ_EVENT_EXCHANGE)
          : kafkaBacklog(system.env.KAFKA_BROKERS.split(','));
    const chaos = new ChaosSystem(transport, system, proxy, backlog, vhost);
    try {
      const apps = ALL_APPS.filter((app) => !options.deferred?.includes(app));
      for (const app of apps) system.start(app);
      await Promise.all(apps.map((app) => system.waitReady(app)));
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

  /** The gateway and every gateway replica: where a load balancer would send clients. */
  get gatewayUrls(): string[] {
    return [
      this.gatewayUrl,
      ...[...this.replicas.values()]
        .filter((replica) => replica.app === 'api-gateway')
        .map((replica) => replica.url),
    ];
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

  /** Starts an app (again, or for the first time if it was deferred) and waits until it is ready. */
  async restart(app: AppName): Promise<void> {
    this.system.start(app);
    await this.system.waitReady(app, 120_000);
  }

  /**
   * Starts another process of `app` as `name`, with the app's env but HTTP (and, on TCP, bus)
   * ports of its own; on TCP no peer addresses it, on the brokers it joins the app's consumers.
   */
  async startReplica(name: string, app: AppName): Promise<void> {
    const prefix = envPrefix(app);
    const httpPort = String(await freePort());
    const env = {
      ...this.system.env,
      ...this.system.appEnv.get(app),
      [`${prefix}_HTTP_PORT`]: httpPort,
      ...(this.transport === 'tcp' ? { [`${prefix}_TCP_PORT`]: String(await freePort()) } : {}),
    };
    const url = `http://127.0.0.1:${httpPort}`;
    this.replicas.set(name, { app, env, url, process: new AppProcess(app, env) });
    await this.restartReplica(name);
  }

  async killReplica(name: string): Promise<void> {
    const { process } = this.replica(name);
    process.signal('SIGKILL');
    await process.exited(10_000);
  }

  async restartReplica(name: string): Promise<void> {
    const replica = this.replica(name);
    replica.process = new AppProcess(replica.app, replica.env).start();
    try {
      await waitForStatus(`${replica.url}/health/ready`, 200, 120_000);
    } catch (error) {
      throw new Error(
        `${(error as Error).message}\n--- ${name} output ---\n${replica.process.output}`,
      );
    }
  }

  /** Every app's and replica's base URL, for the end-of-scenario readiness check and scrapes. */
  healthUrls(): Array<{ name: string; app: AppName; url: string; output: () => string }> {
    return [
      ...ALL_APPS.map((app) => ({
        name: app,
        app,
        url: this.system.url(app),
        output: () => this.system.processes.get(app)?.output ?? '',
      })),
      ...[...this.replicas].map(([name, replica]) => ({
        name,
        app: replica.app,
        url: replica.url,
        output: () => replica.process.output,
      })),
    ];
  }

  /** The last lines each app printed (warnings and errors: the apps log at warn), for a failure. */
  outputTails(chars = 4_000): string {
    const processes: Array<[string, AppProcess]> = [
      ...this.system.processes,
      ...[...this.replicas].map(([name, replica]): [string, AppProcess] => [name, replica.process]),
    ];
    return processes
      .map(([app, process]) => `--- ${app} (last output) ---\n${process.output.slice(-chars)}`)
      .join('\n');
  }

  /** Stops everything and removes the vhost and the data dir; safe after a failed start. */
  async stop(): Promise<void> {
    await Promise.all([...this.replicas.values()].map((replica) => replica.process.stop()));
    await this.system.stopAll();
    await this.databases.close();
    await this.proxy.close();
    await this.backlog.close().catch(() => undefined);
    if (this.vhost) await deleteVhost(this.vhost);
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private replica(name: string): Replica {
    const replica = this.replicas.get(name);
    if (!replica) throw new Error(`no replica ${name}`);
    return replica;
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
