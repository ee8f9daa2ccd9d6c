import { randomUUID } from 'node:crypto';
import { createEnvelope } from '@railyard/messaging';
import type { Fault } from './faults';
import { outboxRow } from './service-databases';

/** Twice MESSAGING_MAX_MESSAGE_BYTES' default (1 MiB): no transport may send it, ever. */
const POISON_BYTES = 2 * 1024 * 1024;

/**
 * A poison row in order-service's outbox, written behind its back mid-load as a bug or a bad
 * migration would: an `order.created` of ~2 MiB that the bus refuses for good
 * (MessageTooLargeError), then a healthy row of the same aggregate behind it. The relay must park
 * the poison, keep its successor waiting behind it (per-aggregate order), and publish every other
 * order's messages as if nothing happened. Columns as Outbox.add writes them.
 */
export const poisonOutboxRow: Fault = {
  id: 'poison-outbox-row',
  title: "poison row (~2 MiB) in order-service's outbox, and a row held behind it",
  async inject({ chaos, note }) {
    const aggregateId = randomUUID();
    const poison = createEnvelope({
      type: 'order.created',
      aggregateId,
      payload: { orderId: aggregateId, note: 'x'.repeat(POISON_BYTES) },
    });
    const follower = createEnvelope({
      type: 'order.created',
      aggregateId,
      payload: { orderId: aggregateId, note: 'after the poison' },
    });
    for (const envelope of [poison, follower]) {
      await chaos.databases.execute(
        'order',
        'INSERT INTO outbox_message (message_id, type, aggregate_id, envelope, created_at, attempts) ' +
          'VALUES (?, ?, ?, ?, ?, 0)',
        envelope.messageId,
        envelope.type,
        aggregateId,
        JSON.stringify(envelope),
        new Date().toISOString(),
      );
    }
    chaos.expectedParked.add(poison.messageId);
    chaos.heldBehindParked.add(follower.messageId);
    note(`poison ${poison.messageId}`);
    return 1;
  },
  async check({ chaos }) {
    const violations: string[] = [];
    for (const messageId of chaos.expectedParked) {
      const row = await outboxRow(chaos.databases, 'order', messageId);
      if (!row) violations.push(`poison ${messageId} is not in the outbox`);
      else if (!row.parked_at || !/over the \d+-byte limit/.test(row.parked_reason ?? ''))
        violations.push(`poison ${messageId} not parked as too large: ${JSON.stringify(row)}`);
    }
    for (const messageId of chaos.heldBehindParked) {
      const row = await outboxRow(chaos.databases, 'order', messageId);
      if (!row || row.sent_at || row.parked_at)
        violations.push(
          `${messageId} behind the poison should wait unsent: ${JSON.stringify(row)}`,
        );
    }
    return violations;
  },
};
