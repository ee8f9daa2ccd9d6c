import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Envelope } from '@railyard/messaging';
import { UnitOfWork } from '../unit-of-work/unit-of-work';

export type InboxOutcome<T> = { duplicate: true } | { duplicate: false; result: T };

/**
 * One statement claims the message for this consumer, on SQLite and PostgreSQL alike: a row comes
 * back only if none was there. better-sqlite3 keeps it prepared (TypeORM's statement cache).
 */
const claim = (placeholders: string) =>
  `INSERT INTO inbox_message (message_id, consumer, type, processed_at) VALUES (${placeholders}) ` +
  'ON CONFLICT DO NOTHING RETURNING message_id';
const CLAIM = { sqlite: claim('?, ?, ?, ?'), postgres: claim('$1, $2, $3, $4') };

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
      const sql = this.uow.isPostgres ? CLAIM.postgres : CLAIM.sqlite;
      const claimed = (await tx.query(sql, params)) as unknown[];
      if (claimed.length === 0) return { duplicate: true } as const;
      return { duplicate: false, result: await effect(tx) } as const;
    });
  }
}
