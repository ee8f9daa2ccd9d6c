import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Envelope } from '@railyard/messaging';
import { SqlStatement } from '../unit-of-work/sql-statement';
import { UnitOfWork } from '../unit-of-work/unit-of-work';

export type InboxOutcome<T> = { duplicate: true } | { duplicate: false; result: T };

/** Claims the message for this consumer: a row comes back only if none was there. */
const CLAIM = new SqlStatement(
  'INSERT INTO inbox_message (message_id, consumer, type, processed_at) VALUES ($1, $2, $3, $4) ' +
    'ON CONFLICT DO NOTHING RETURNING message_id',
);

/**
 * Applies a message's effect at most once per consumer, whatever the redeliveries: the inbox
 * record and the effect commit in one transaction. A redelivered message is acknowledged with no
 * effect. The record is claimed with one insert that does nothing on conflict (no read first).
 * On PostgreSQL a racing delivery's insert waits for the first one's transaction: it then finds
 * the record (duplicate) if that one committed, or claims it if that one rolled back.
 */
@Injectable()
export class Inbox {
  constructor(private readonly uow: UnitOfWork) {}

  once<T>(
    envelope: Envelope,
    consumer: string,
    effect: (tx: EntityManager) => Promise<T>,
  ): Promise<InboxOutcome<T>> {
    return this.uow.run(async (tx) => {
      const params = [envelope.messageId, consumer, envelope.type, new Date().toISOString()];
      const claimed = await CLAIM.run(tx, params);
      if (claimed.rows.length === 0) return { duplicate: true } as const;
      return { duplicate: false, result: await effect(tx) } as const;
    });
  }
}
