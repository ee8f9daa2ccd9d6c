import { execFile } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { promisify } from 'node:util';
import { TransportName } from '@railyard/messaging';
import { eventGroup, requestGroup } from '@railyard/messaging/testing';
import { NotRunError } from '../support/not-run.error';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The apps run without RAILYARD_NAMESPACE: the bus's names as they were before namespaces. */
const APP_NAMESPACE = '';
/** The consumer groups the three apps join on Kafka: their names are fixed (`service`, `service.rpc`). */
const APP_GROUPS = ['order', 'inventory', 'payment'].flatMap((s) => [
  eventGroup(APP_NAMESPACE, s),
  requestGroup(APP_NAMESPACE, s),
]);

export interface Isolation {
  /** Extra environment for the apps and the bench's bus client. */
  env: Record<string, string>;
  release(): Promise<void>;
}

/**
 * Keeps this run's apps away from everyone else's on a shared broker. The apps' names are fixed
 * (queues `order.events.N`, Kafka groups `order`...), so:
 *  - RabbitMQ: a virtual host of this run (rabbitmqctl), deleted afterwards;
 *  - Kafka: there is no namespace, so the run waits until no one else is a member of the apps'
 *    groups (another run's e2e, or `npm start`) and refuses to start otherwise;
 *  - TCP: free ports are enough.
 */
export async function isolate(
  transport: TransportName,
  runId: string,
  waitMs: number,
): Promise<Isolation> {
  if (transport === 'rabbitmq') return rabbitVhost(runId);
  if (transport === 'kafka') await kafkaGroupsFree(waitMs);
  return { env: {}, release: async () => undefined };
}

async function rabbitVhost(runId: string): Promise<Isolation> {
  const base = new URL(process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
  const vhost = `${runId}-saga`;
  try {
    await run('rabbitmqctl', ['-q', 'add_vhost', vhost], { timeout: 60_000 });
    const user = decodeURIComponent(base.username || 'guest');
    await run('rabbitmqctl', ['-q', 'set_permissions', '-p', vhost, user, '.*', '.*', '.*'], {
      timeout: 60_000,
    });
  } catch (error) {
    throw new NotRunError(
      `no RabbitMQ virtual host of its own (rabbitmqctl: ${(error as Error).message.split('\n')[0]})`,
    );
  }
  base.pathname = `/${encodeURIComponent(vhost)}`;
  return {
    env: { RABBITMQ_URL: base.toString() },
    release: async () => {
      await run('rabbitmqctl', ['-q', 'delete_vhost', vhost], { timeout: 60_000 });
    },
  };
}

/** Also rides out a broker that another run is restarting (connection refused for a while). */
async function kafkaGroupsFree(waitMs: number): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const kafka = new Kafka({ brokers, logLevel: logLevel.NOTHING });
  const deadline = Date.now() + waitMs;
  let busy: string[] = [];
  let unreachable: Error | undefined;
  while (Date.now() <= deadline) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      const { groups } = await admin.describeGroups(APP_GROUPS);
      busy = groups.filter((group) => group.members.length > 0).map((group) => group.groupId);
      unreachable = undefined;
      if (busy.length === 0) return;
    } catch (error) {
      unreachable = error as Error;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await sleep(2_000);
  }
  if (unreachable) throw new Error(`Kafka unreachable for ${waitMs} ms: ${unreachable.message}`);
  throw new NotRunError(
    `another run is a member of Kafka group(s) ${busy.join(', ')} (the apps' group names are fixed; sharing them would corrupt both runs)`,
  );
}
