import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Inbox, Outbox } from '@railyard/persistence';
import { EntityManager } from 'typeorm';
import { lockProducts, saveLevels } from '../database/product.store';
import {
  findReservation,
  insertReservation,
  updateReservationStatus,
} from '../database/reservation.store';
import { decideRelease } from '../domain/decide-release';
import { ReleaseReply, stockReleased } from '../domain/inventory-replies';
import { closedRecord } from '../domain/reservation-record';
import { moveLines, releaseUnits } from '../domain/stock-level';
import { replyOptions } from '../replies/reply-options';
import { retryOnConflict } from '@railyard/persistence';
import { ReleaseStockCommand } from './release-stock.command';

@CommandHandler(ReleaseStockCommand)
export class ReleaseStockHandler implements ICommandHandler<ReleaseStockCommand> {
  constructor(
    private readonly inbox: Inbox,
    private readonly outbox: Outbox,
  ) {}

  async execute({ envelope }: ReleaseStockCommand): Promise<ReleaseReply | null> {
    const { orderId } = envelope.payload;
    const outcome = await retryOnConflict(() =>
      this.inbox.once(envelope, 'release-stock', async (tx) => {
        const reply = await this.release(tx, orderId);
        await this.outbox.emit(tx, reply.contract, reply.payload, replyOptions(envelope, orderId));
        return reply;
      }),
    );
    return outcome.duplicate ? null : outcome.result;
  }

  private async release(tx: EntityManager, orderId: string): Promise<ReleaseReply> {
    const decision = decideRelease(orderId, await findReservation(tx, orderId));
    switch (decision.action) {
      case 'answer':
        return decision.reply;
      case 'close':
        await insertReservation(tx, closedRecord(orderId));
        return stockReleased(orderId, []);
      case 'release': {
        const products = await lockProducts(
          tx,
          decision.lines.map((line) => line.sku),
        );
        await saveLevels(tx, moveLines(products, decision.lines, releaseUnits));
        await updateReservationStatus(tx, orderId, 'RELEASED');
        return stockReleased(orderId, decision.lines);
      }
    }
  }
}
