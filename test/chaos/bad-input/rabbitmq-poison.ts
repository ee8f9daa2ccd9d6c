import { connect } from 'amqplib';
import { HEADER } from '@railyard/messaging';
import { queueDepths } from '../../support/rabbitmq-vhost';
import { countExpected, PoisonCase, PoisonOutcome, pollUntil, SERVICES } from './poison-messages';
import { deadLetterQueueName, eventQueueName, requestQueueName } from '@railyard/messaging/testing';
import { CHAOS_NAMESPACE as NS } from '../support/chaos-namespace';

const sourceQueues = (partitions: number) =>
  SERVICES.flatMap((service) => [
    requestQueueName(NS, service),
    ...Array.from({ length: partitions }, (_, shard) => eventQueueName(NS, service, shard)),
  ]);

/**
 * Publishes each case straight into the consuming queue (default exchange, so an unknown type
 * is not dropped as unroutable), with publisher confirms. Then waits (bounded) for the expected
 * dead letters in `<service>.dead-letter` and for every source queue to be empty.
 */
export async function injectRabbitPoison(
  url: string,
  vhost: string,
  partitions: number,
  cases: PoisonCase[],
  withinMs = 30_000,
): Promise<PoisonOutcome> {
  const connection = await connect(url);
  try {
    const channel = await connection.createConfirmChannel();
    const deadLetterCount = async () => {
      const counts: Record<string, number> = {};
      for (const service of SERVICES) {
        const queue = deadLetterQueueName(NS, service);
        counts[queue] = (await channel.checkQueue(queue)).messageCount;
      }
      return counts;
    };
    const before = await deadLetterCount();
    cases.forEach((poison, i) => {
      const queue =
        poison.kind === 'event'
          ? eventQueueName(NS, poison.service, i % partitions)
          : requestQueueName(NS, poison.service);
      channel.sendToQueue(queue, poison.body, {
        persistent: true,
        ...(poison.headers ? { headers: poison.headers } : {}),
      });
    });
    await channel.waitForConfirms();

    const expected = countExpected(cases);
    let deadLetteredBy: Record<string, number> = {};
    const delta = async () => {
      const now = await deadLetterCount();
      deadLetteredBy = Object.fromEntries(
        Object.entries(now).map(([queue, n]) => [queue, n - (before[queue] ?? 0)]),
      );
      return Object.values(deadLetteredBy).reduce((a, b) => a + b, 0);
    };
    await pollUntil(async () => (await delta()) >= expected, withinMs);
    let backlog: Record<string, number> = {};
    const drained = await pollUntil(async () => {
      const depths = await queueDepths(vhost);
      backlog = Object.fromEntries(
        sourceQueues(partitions)
          .map((queue) => [queue, depths[queue] ?? 0] as const)
          .filter(([, n]) => n > 0),
      );
      return Object.keys(backlog).length === 0;
    }, withinMs);
    // A late extra dead letter (e.g. a "consumed" case dead-lettered after all) shows up here.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const deadLettered = await delta();
    // The vhost is this test's own: reading the dead letters off their queues costs nothing.
    const reasons: Record<string, number> = {};
    for (const service of SERVICES) {
      for (;;) {
        const letter = await channel.get(deadLetterQueueName(NS, service), { noAck: true });
        if (!letter) break;
        const reason = String(letter.properties.headers?.[HEADER.deadLetterReason] ?? '(none)');
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      }
    }
    return {
      injected: cases.length,
      expectedDeadLetters: expected,
      deadLettered,
      deadLetteredBy,
      reasons,
      drained,
      backlog,
      rawDeadLetterDelta: deadLettered,
    };
  } finally {
    await connection.close().catch(() => undefined);
  }
}
