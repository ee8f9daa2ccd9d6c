import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Inbox, Outbox } from '@railyard/persistence';
import { EntityManager } from 'typeorm';
import { lockProducts, saveLevels } from '../database/product.store';
import { findReservation, updateReservationStatus } from '../database/reservation.store';
import { decideCommit } from '../domain/decide-commit';
import { CommitReply, stockCommitted } from '../domain/inventory-replies';
import { commitUnits, moveLines } from '../domain/stock-level';
import { replyOptions } from '../replies/reply-options';
import { retryOnConflict } from '@railyard/persistence';
import { CommitStockCommand } from './commit-stock.command';

@CommandHandler(CommitStockCommand)
export class CommitStockHandler implements ICommandHandler<CommitStockCommand> {
  constructor(
    private readonly inbox: Inbox,
    private readonly outbox: Outbox,
  ) {}

  async execute({ envelope }: CommitStockCommand): Promise<CommitReply | null> {
    const { orderId } = envelope.payload;
    const outcome = await retryOnConflict(() =>
      this.inbox.once(envelope, 'commit-stock', async (tx) => {
        const reply = await this.commit(tx, orderId);
        await this.outbox.emit(tx, reply.contract, reply.payload, replyOptions(envelope, orderId));
        return reply;
      }),
    );
    return outcome.duplicate ? null : outcome.result;
  }

  private async commit(tx: EntityManager, orderId: string): Promise<CommitReply> {
    const decision = decideCommit(orderId, await findReservation(tx, orderId));
    if (decision.action === 'answer') return decision.reply;
    const products = await lockProducts(
      tx,
      decision.lines.map((line) => line.sku),
    );
    await saveLevels(tx, moveLines(products, decision.lines, commitUnits));
    await updateReservationStatus(tx, orderId, 'COMMITTED');
    return stockCommitted(orderId, decision.lines);
  }
}
