import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { createEnvelope, Envelope, PublishOptions } from '@railyard/messaging';
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
  async add(tx: EntityManager, envelope: Envelope): Promise<Envelope> {
    await INSERT.run(tx, [
      envelope.messageId,
      envelope.type,
      envelope.aggregateId,
      JSON.stringify(envelope),
      new Date().toISOString(),
    ]);
    return envelope;
  }

  emit<T>(tx: EntityManager, type: string, payload: T, options: PublishOptions = {}) {
    return this.add(tx, createEnvelope({ type, payload, ...options })) as Promise<Envelope<T>>;
  }
}
