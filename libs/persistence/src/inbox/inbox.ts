import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Envelope } from '@railyard/messaging';
import { SqlStatement } from '../unit-of-work/sql-statement';
import { UnitOfWork } from '../unit-of-work/unit-of-work';
import { InboxReplyMissingError } from './inbox-reply-missing.error';

export type InboxOutcome<T> = { duplicate: true } | { duplicate: false; result: T };

/** Claims the message for this consumer: a row comes back only if none was there. */
const CLAIM = new SqlStatement(
  'INSERT INTO inbox_message (message_id, consumer, type, processed_at) VALUES ($1, $2, $3, $4) ' +
    'ON CONFLICT DO NOTHING RETURNING message_id',
);
const STORE_REPLY = new SqlStatement(
  'UPDATE inbox_message SET reply = $1 WHERE message_id = $2 AND consumer = $3',
);
const READ_REPLY = new SqlStatement(
  'SELECT reply FROM inbox_message WHERE message_id = $1 AND consumer = $2',
);

/**
 * Applies a message's effect at most once per consumer, whatever the redeliveries: the inbox
 * record and the effect commit in one transaction. The record is claimed with one insert that
 * does nothing on conflict (no read first). On PostgreSQL a racing delivery's insert waits for
 * the first one's transaction: it then finds the record (duplicate) if that one committed, or
 * claims it if that one rolled back. An effect that throws leaves no record: a redelivery tries
 * again.
 */
@Injectable()
export class Inbox {
  constructor(private readonly uow: UnitOfWork) {}

  /** For an event: a redelivered one is acknowledged with no effect. */
  once<T>(
    envelope: Envelope,
    consumer: string,
    effect: (tx: EntityManager) => Promise<T>,
  ): Promise<InboxOutcome<T>> {
    return this.uow.run(async (tx) => {
      if (!(await this.claim(tx, envelope, consumer))) return { duplicate: true } as const;
      return { duplicate: false, result: await effect(tx) } as const;
    });
  }

  /**
   * For a request: the reply is stored with the record, so a request served again (Kafka and
   * RabbitMQ re-serve one after a crash or a rebalance while its caller still waits, and the
   * gateway's retries reuse the message id) answers the first reply instead of acting again. The
   * reply must survive JSON, as it does on the bus.
   */
  request<T>(
    envelope: Envelope,
    consumer: string,
    effect: (tx: EntityManager) => Promise<T>,
  ): Promise<T> {
    return this.uow.run(async (tx) => {
      if (!(await this.claim(tx, envelope, consumer))) {
        return this.storedReply<T>(tx, envelope, consumer);
      }
      const reply = await effect(tx);
      await STORE_REPLY.run(tx, [JSON.stringify(reply ?? null), envelope.messageId, consumer]);
      return reply;
    });
  }

  private async claim(tx: EntityManager, envelope: Envelope, consumer: string): Promise<boolean> {
    const params = [envelope.messageId, consumer, envelope.type, new Date().toISOString()];
    return (await CLAIM.run(tx, params)).rows.length > 0;
  }

  /** Read after the claim found the row: on PostgreSQL the winner has committed by then. */
  private async storedReply<T>(tx: EntityManager, envelope: Envelope, consumer: string) {
    const { rows } = await READ_REPLY.run(tx, [envelope.messageId, consumer]);
    const reply = rows[0]?.reply;
    if (typeof reply !== 'string') throw new InboxReplyMissingError(envelope, consumer);
    return JSON.parse(reply) as T;
  }
}
