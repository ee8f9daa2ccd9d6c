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
import { UnitOfWork } from '../unit-of-work/unit-of-work';

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
  private readonly stagedListeners: Array<() => void> = [];
  private readonly tellStaged = () => {
    for (const listener of this.stagedListeners) listener();
  };

  constructor(private readonly uow: UnitOfWork) {}

  /**
   * Stores `envelope` with the trace context of the work staging it (stampCreationContext), so
   * that its consumers continue this trace, not the relay's; resolves to the envelope stored.
   * Once `tx` commits, the onStaged listeners are told.
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
    this.uow.afterCommit(tx, this.tellStaged);
    return envelope;
  }

  /**
   * Called after each commit that staged messages (the relay wakes up on it). Only those: a
   * read-only unit of work, such as a query handler's, must not send the relay scanning (issue
   * 13: with any commit waking it, every GET /orders/:id cost inventory and payment a scan).
   */
  onStaged(listener: () => void): void {
    this.stagedListeners.push(listener);
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
