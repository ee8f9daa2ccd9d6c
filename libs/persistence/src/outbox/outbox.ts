import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OneWayContract, PayloadInput } from '@railyard/contracts';
import {
  createEnvelope,
  Envelope,
  PublishOptions,
  stampCreationContext,
} from '@railyard/messaging';
import { SqlStatement } from '../unit-of-work/sql-statement';

/**
 * The columns a new row needs (a raw INSERT elsewhere must give the same): sequence is generated,
 * attempts starts at 0, sent_at, last_error, retry_after and the parked columns start null.
 */
const INSERT = new SqlStatement(
  'INSERT INTO outbox_message (message_id, type, aggregate_id, envelope, created_at, attempts) ' +
    'VALUES ($1, $2, $3, $4, $5, 0)',
);

/**
 * Stages messages inside a unit of work. They are published by the OutboxRelay only once the
 * transaction committed, so a change and the events it causes are never seen one without the other.
 */
@Injectable()
export class Outbox {
  /**
   * Stores `envelope` with the trace context of the work staging it (stampCreationContext), so
   * that its consumers continue this trace, not the relay's; resolves to the envelope stored.
   */
  async add<T>(tx: EntityManager, staged: Envelope<T>): Promise<Envelope<T>> {
    const envelope = stampCreationContext(staged);
    await INSERT.run(tx, [
      envelope.messageId,
      envelope.type,
      envelope.aggregateId,
      JSON.stringify(envelope),
      new Date().toISOString(),
    ]);
    return envelope;
  }

  /** Stages an event, or a one-way command, by its contract: what MessageBus.publish would send. */
  emit<C extends OneWayContract>(
    tx: EntityManager,
    contract: C,
    payload: PayloadInput<C>,
    options: PublishOptions = {},
  ): Promise<Envelope<PayloadInput<C>>> {
    const { type, version } = contract;
    return this.add(tx, createEnvelope({ type, version, payload, ...options }));
  }
}
