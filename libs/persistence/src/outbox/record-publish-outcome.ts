import { EntityManager } from 'typeorm';
import { OutboxMessageEntity } from './outbox-message.entity';
import { OutboxRelayOptions } from './outbox-relay.options';
import { OutboxRow } from './outbox-row';
import { PublishOutcome } from './publish-in-aggregate-order';
import { decidePublishFailure } from './publish-failure-decision';

export interface RecordedOutcome {
  sent: number;
  failed: number;
  parked: number;
}

/**
 * Marks published rows sent and failed rows held back or parked, by message id: a sequence number
 * may have been reused after a rollback (issue 14 point 5), a message id never is.
 */
export async function recordPublishOutcome(
  tx: EntityManager,
  outcome: PublishOutcome<OutboxRow>,
  options: OutboxRelayOptions,
): Promise<RecordedOutcome> {
  const now = new Date().toISOString();
  const update = () => tx.getRepository(OutboxMessageEntity).createQueryBuilder().update();
  if (outcome.sent.length > 0) {
    await update()
      .set({ sentAt: now, attempts: () => 'attempts + 1', lastError: null, retryAfter: null })
      .where('message_id IN (:...ids)', { ids: outcome.sent.map((row) => row.messageId) })
      .execute();
  }
  let parked = 0;
  for (const { message, error } of outcome.failed) {
    const decision = decidePublishFailure(error, message.attempts + 1, options);
    if (decision.park) parked++;
    await update()
      .set({
        attempts: () => 'attempts + 1',
        lastError: error.message,
        retryAfter: decision.park ? null : decision.retryAfter,
        parkedAt: decision.park ? now : null,
        parkedReason: decision.park ? decision.reason : null,
      })
      .where('message_id = :id', { id: message.messageId })
      .execute();
  }
  return { sent: outcome.sent.length, failed: outcome.failed.length, parked };
}
