import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase } from '../../support/database';
import { downtime } from './downtime';
import { SystemScenario } from './system-scenario';

const SECOND = 'order-service#2';

/**
 * Two order-service replicas on one PostgreSQL database: both run the outbox relay (rows claimed
 * with SKIP LOCKED, an aggregate published only from its head) and the saga deadline scheduler
 * over the same tables. On RabbitMQ and Kafka both consume the bus (single-active-consumer shards,
 * a shared group); on TCP a service has one address, so the second replica serves no peer and
 * works through the database alone. Each is SIGKILLed mid-load in turn and restarted: what one
 * had claimed or half done must be finished by the other or by itself after the restart.
 */
export const orderReplicas: SystemScenario = {
  id: 'order-replicas',
  title: 'two order-service replicas on one PostgreSQL, each SIGKILLed in turn and restarted',
  async prepare() {
    const database = await createTestDatabase('postgres', 'order');
    return {
      env: { ORDER_DATABASE_URL: database.env.ORDER_DATABASE_URL },
      cleanUp: () => database.drop(),
    };
  },
  started: (chaos) => chaos.startReplica(SECOND, 'order-service'),
  async inject({ chaos, random, note }) {
    await chaos.kill('order-service');
    await sleep(downtime(random));
    await chaos.restart('order-service');
    await sleep(downtime(random));
    await chaos.killReplica(SECOND);
    await sleep(downtime(random));
    await chaos.restartReplica(SECOND);
    note(
      chaos.transport === 'tcp'
        ? 'the TCP-addressed replica killed first, then the database-only one'
        : 'both replicas consume the bus; the first-started killed first',
    );
    return 2;
  },
};
