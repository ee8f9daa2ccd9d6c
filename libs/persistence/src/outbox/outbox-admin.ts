import { Injectable } from '@nestjs/common';
import { OutboxStatusView } from '@railyard/contracts';
import { IsNull, Not } from 'typeorm';
import { UnitOfWork } from '../unit-of-work/unit-of-work';
import { readOutboxBacklog } from './outbox-backlog';
import { OutboxMessageEntity } from './outbox-message.entity';
import { OutboxRelay } from './outbox-relay';

export interface OutboxStats {
  /** Unsent and not parked: going out now or after their aggregate's backoff. */
  pending: number;
  /** Of those, waiting out a backoff after a transient failure. */
  retrying: number;
  /** Refused for good (or failed OUTBOX_PARK_AFTER_ATTEMPTS times): waiting for an operator. */
  parked: number;
}

export type ParkedMessage = Pick<
  OutboxMessageEntity,
  'sequence' | 'messageId' | 'type' | 'aggregateId' | 'attempts' | 'parkedAt' | 'parkedReason'
>;

/** What an operator sees of the outbox, and the way back for a parked row. */
@Injectable()
export class OutboxAdmin {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly relay: OutboxRelay,
  ) {}

  async stats(): Promise<OutboxStats> {
    const rows = this.uow.dataSource.getRepository(OutboxMessageEntity);
    const unsent = { sentAt: IsNull() };
    const [pending, retrying, parked] = await Promise.all([
      rows.countBy({ ...unsent, parkedAt: IsNull() }),
      rows.countBy({ ...unsent, parkedAt: IsNull(), retryAfter: Not(IsNull()) }),
      rows.countBy({ ...unsent, parkedAt: Not(IsNull()) }),
    ]);
    return { pending, retrying, parked };
  }

  /**
   * The stats and how old the oldest pending row is, for the service's status answer (the
   * console's outbox backlog): two statements over the unsent rows only.
   */
  async status(): Promise<OutboxStatusView> {
    const [backlog, retrying] = await Promise.all([
      readOutboxBacklog(this.uow.dataSource),
      this.uow.dataSource.getRepository(OutboxMessageEntity).countBy({
        sentAt: IsNull(),
        parkedAt: IsNull(),
        retryAfter: Not(IsNull()),
      }),
    ]);
    const { pending, parked } = backlog;
    return {
      pending: pending.messages,
      retrying,
      parked: parked.messages,
      oldestUnsentAgeMs: pending.messages > 0 ? Math.round(pending.oldestAgeSeconds * 1000) : null,
    };
  }

  /** Parked rows, oldest first; each holds back its aggregate's later rows. */
  listParked(limit = 100): Promise<ParkedMessage[]> {
    return this.uow.dataSource.getRepository(OutboxMessageEntity).find({
      select: {
        sequence: true,
        messageId: true,
        type: true,
        aggregateId: true,
        attempts: true,
        parkedAt: true,
        parkedReason: true,
      },
      where: { sentAt: IsNull(), parkedAt: Not(IsNull()) },
      order: { sequence: 'ASC' },
      take: limit,
    });
  }

  /**
   * Puts a parked row back in line (after the cause was fixed, e.g. a larger size limit): it is
   * published next, then its aggregate's held rows in order. Resolves to whether it was parked.
   */
  async unpark(messageId: string): Promise<boolean> {
    const result = await this.uow.run((tx) =>
      tx
        .getRepository(OutboxMessageEntity)
        .update(
          { messageId, sentAt: IsNull(), parkedAt: Not(IsNull()) },
          { parkedAt: null, parkedReason: null, retryAfter: null },
        ),
    );
    this.relay.nudge();
    return (result.affected ?? 0) > 0;
  }
}
