import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Envelope } from '@railyard/messaging';
import { UnitOfWork } from '../unit-of-work/unit-of-work';
import { InboxMessageEntity } from './inbox-message.entity';

export type InboxOutcome<T> = { duplicate: true } | { duplicate: false; result: T };

/**
 * Applies a message's effect at most once per consumer, whatever the redeliveries: the inbox
 * record and the effect commit in one transaction. A redelivered message is acknowledged with no
 * effect. On PostgreSQL two racing deliveries collide on the primary key; the loser's transaction
 * fails, its handler is retried and then sees the record.
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
      const inbox = tx.getRepository(InboxMessageEntity);
      const key = { messageId: envelope.messageId, consumer };
      if (await inbox.existsBy(key)) return { duplicate: true } as const;
      await inbox.insert({ ...key, type: envelope.type, processedAt: new Date().toISOString() });
      return { duplicate: false, result: await effect(tx) } as const;
    });
  }
}
