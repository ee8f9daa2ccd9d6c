import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StockLine } from '@railyard/contracts';
import { Inbox, Outbox } from '@railyard/persistence';
import { EntityManager } from 'typeorm';
import { lockProducts, saveLevels } from '../database/product.store';
import { findReservation, insertReservation } from '../database/reservation.store';
import { decideReserve } from '../domain/decide-reserve';
import { ReserveReply, stockReservationFailed, stockReserved } from '../domain/inventory-replies';
import { planReservation } from '../domain/plan-reservation';
import { recordOfPlan } from '../domain/reservation-record';
import { moveLines, reserveUnits } from '../domain/stock-level';
import { replyOptions } from '../replies/reply-options';
import { retryOnConflict } from '@railyard/persistence';
import { ReserveStockCommand } from './reserve-stock.command';

/**
 * Locks, in the order every inventory use case takes them: the order's reservation row, then its
 * products by sku. The check of `available` and the write that spends it happen under those locks,
 * so concurrent orders cannot oversell on PostgreSQL.
 */
@CommandHandler(ReserveStockCommand)
export class ReserveStockHandler implements ICommandHandler<ReserveStockCommand> {
  constructor(
    private readonly inbox: Inbox,
    private readonly outbox: Outbox,
  ) {}

  async execute({ envelope }: ReserveStockCommand): Promise<ReserveReply | null> {
    const { orderId, items } = envelope.payload;
    const outcome = await retryOnConflict(() =>
      this.inbox.once(envelope, 'reserve-stock', async (tx) => {
        const reply = await this.reserve(tx, orderId, items);
        await this.outbox.emit(tx, reply.contract, reply.payload, replyOptions(envelope, orderId));
        return reply;
      }),
    );
    return outcome.duplicate ? null : outcome.result;
  }

  private async reserve(tx: EntityManager, orderId: string, items: StockLine[]) {
    const decision = decideReserve(await findReservation(tx, orderId));
    if (decision.action === 'answer') return decision.reply;
    const products = await lockProducts(
      tx,
      items.map((item) => item.sku),
    );
    const plan = planReservation(products, items);
    await insertReservation(tx, recordOfPlan(orderId, plan));
    if (!plan.ok) return stockReservationFailed(orderId, plan.reason, plan.skus);
    await saveLevels(tx, moveLines(products, plan.lines, reserveUnits));
    return stockReserved(orderId, plan.lines);
  }
}
