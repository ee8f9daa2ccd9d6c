import { setTimeout as sleep } from 'node:timers/promises';
import { Charge, contractTypes, ReserveStock } from '@railyard/contracts';
import { queueDepths } from '../../support/rabbitmq-vhost';
import { ChaosSystem, KAFKA_PORT } from './chaos-system';
import { downtime } from './downtime';
import { committedPartitions, deleteTopics } from './kafka-fresh-topics';
import { seedBeforeFirstStart } from './seed-before-first-start';
import { SystemScenario } from './system-scenario';
import { RABBITMQ_EVENT_EXCHANGE } from '@railyard/messaging';
import { unroutedQueueName } from '@railyard/messaging/testing';

const INVENTORY_TOPICS = contractTypes({ service: 'inventory', kind: 'command', oneWay: true });
const PAYMENT_TOPICS = contractTypes({ service: 'payment', kind: 'command', oneWay: true });
const brokers = (chaos: ChaosSystem) => chaos.system.env.KAFKA_BROKERS.split(',');

/**
 * Events of a type nobody subscribes to yet: inventory-service and payment-service have never been
 * on the system's bus when the orders come (a fresh RabbitMQ vhost: no queue is bound to their
 * commands; fresh Kafka topics: their groups have no offsets on them; TCP: the peers are absent).
 * inventory-service starts for the first time mid-load; payment-service only once charges were
 * published for it. RabbitMQ must hold the unroutable commands (`<exchange>.unrouted.<type>`) and
 * move them when the queues bind, Kafka's new groups must read from the start, the TCP outbox must
 * retry. The step deadline is out of reach, so a lost command cannot hide as a `timeout`
 * cancellation: every order must complete on its merits.
 */
export const lateSubscriber: SystemScenario = {
  id: 'late-subscriber',
  title: 'inventory-service and payment-service started for the first time after orders came',
  deferred: ['inventory-service', 'payment-service'],
  env: () => ({ SAGA_STEP_DEADLINE_MS: '600000' }),
  async prepare(transport) {
    if (transport === 'kafka') {
      // Before any app of the system runs, on the broker ChaosSystem points the apps at.
      await deleteTopics([`127.0.0.1:${KAFKA_PORT}`], [...INVENTORY_TOPICS, ...PAYMENT_TOPICS]);
    }
    return {};
  },
  seed: seedBeforeFirstStart,
  async inject({ chaos, random, note }) {
    await assertNewGroup(chaos, 'inventory', INVENTORY_TOPICS);
    await chaos.restart('inventory-service');
    // On the brokers, payment-service comes after the first charge was published for it. On TCP
    // no event moves while a configured peer was never reached (its subscriptions are unknown:
    // every publish fails and the outbox retries), so there it simply comes a moment later.
    if (chaos.transport !== 'tcp') await waitForOutboxRow(chaos, Charge.type);
    await sleep(downtime(random));
    await assertNewGroup(chaos, 'payment', PAYMENT_TOPICS);
    await chaos.restart('payment-service');
    note(
      chaos.transport === 'tcp'
        ? 'first starts mid-load; TCP peers never reached: publishes fail, the outbox retries'
        : 'first start of inventory-service mid-load, of payment-service after the first charge',
    );
    return 2;
  },
  async check({ chaos, fixture }) {
    const violations: string[] = [];
    const [timedOut] = await chaos.databases.query<{ n: number | string }>(
      'order',
      "SELECT COUNT(*) AS n FROM customer_order WHERE customer_id LIKE ? AND reason = 'timeout'",
      `${fixture.prefix}-%`,
    );
    if (Number(timedOut.n) > 0)
      violations.push(`${timedOut.n} orders cancelled for timeout: a command was not delivered`);
    if (chaos.transport === 'rabbitmq' && chaos.vhost) {
      // The held path was taken (the queue stays, empty, once its events moved on).
      const queues = await queueDepths(chaos.vhost);
      for (const type of [ReserveStock.type, Charge.type]) {
        const holding = unroutedQueueName(RABBITMQ_EVENT_EXCHANGE, type);
        if (!(holding in queues)) violations.push(`no ${holding}: nothing was held for ${type}`);
      }
    }
    return violations;
  },
};

/** On Kafka, the service's group must be new to its topics, or this would be a plain restart. */
async function assertNewGroup(chaos: ChaosSystem, group: string, topics: string[]) {
  if (chaos.transport !== 'kafka') return;
  const committed = await committedPartitions(brokers(chaos), group, topics);
  if (committed > 0)
    throw new Error(`group ${group} already has offsets on ${committed} partition(s) of ${topics}`);
}

async function waitForOutboxRow(chaos: ChaosSystem, type: string, withinMs = 60_000) {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const [row] = await chaos.databases.query<{ n: number | string }>(
      'order',
      'SELECT COUNT(*) AS n FROM outbox_message WHERE type = ?',
      type,
    );
    if (Number(row.n) > 0) return;
    if (Date.now() > deadline)
      throw new Error(`no ${type} in order-service's outbox in ${withinMs} ms`);
    await sleep(100);
  }
}
