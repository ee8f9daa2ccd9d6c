import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EntityManager } from 'typeorm';
import { PaymentRefunded, replyHeaders } from '@railyard/contracts';
import { Inbox, lockRows, Outbox } from '@railyard/persistence';
import { AccountEntity } from '../database/account.entity';
import { decideRefund, RefundDecision } from '../domain/decide-refund';
import { credit } from '../domain/minor-units';
import { PaymentFailure } from '../domain/payment-failure';
import { PaymentDecisionEntity } from '../database/payment-decision.entity';
import { PaymentEntity } from '../database/payment.entity';
import { retryOnConflict } from '@railyard/persistence';
import { RefundCommand } from './refund.command';
import { timeOrderedUuid } from '@railyard/platform';

/**
 * Gives back what an order was charged, once. Every Refund is answered with PaymentRefunded (a
 * saga compensating must always hear back), but money moves only the first time. A Refund that
 * comes before any Charge voids the order, so the late Charge is refused.
 *
 * Locks: the order's decision row, then the account row. A Charge locks only the account and
 * never waits for a decision row lock, so the two orders cannot deadlock.
 */
@CommandHandler(RefundCommand)
export class RefundHandler implements ICommandHandler<RefundCommand> {
  constructor(
    private readonly inbox: Inbox,
    private readonly outbox: Outbox,
  ) {}

  async execute({ envelope }: RefundCommand): Promise<void> {
    const { orderId } = envelope.payload;
    await retryOnConflict(() =>
      this.inbox.once(envelope, 'refund', async (tx) => {
        const refunded = await this.refund(tx, orderId);
        await this.outbox.emit(tx, PaymentRefunded, refunded, {
          aggregateId: orderId,
          causedBy: envelope,
          headers: replyHeaders(envelope.headers),
        });
      }),
    );
  }

  private async refund(tx: EntityManager, orderId: string): Promise<PaymentRefunded> {
    const decision = await lockRows(
      tx,
      tx
        .getRepository(PaymentDecisionEntity)
        .createQueryBuilder('decision')
        .where('decision.orderId = :orderId', { orderId }),
    ).getOne();
    const payments = await tx.getRepository(PaymentEntity).findBy({ orderId });
    const charge = payments.find((p) => p.type === 'CHARGE') ?? null;
    const refund = payments.find((p) => p.type === 'REFUND') ?? null;
    const outcome = decideRefund({ decision, charge, refund });
    return this.apply(tx, orderId, outcome);
  }

  private async apply(
    tx: EntityManager,
    orderId: string,
    outcome: RefundDecision,
  ): Promise<PaymentRefunded> {
    const now = new Date().toISOString();
    switch (outcome.kind) {
      case 'void':
        await tx.getRepository(PaymentDecisionEntity).insert({
          orderId,
          status: 'VOIDED',
          reason: PaymentFailure.orderRefunded,
          transactionId: null,
          decidedAt: now,
        });
        return { orderId, amount: 0 };
      case 'nothing-charged':
        return { orderId, amount: 0 };
      case 'replay-refunded':
        return { orderId, transactionId: outcome.transactionId, amount: outcome.amount };
      case 'refund': {
        const { customerId } = outcome;
        const accounts = tx.getRepository(AccountEntity);
        const account = await lockRows(
          tx,
          accounts
            .createQueryBuilder('account')
            .where('account.customerId = :customerId', { customerId }),
        ).getOneOrFail();
        await accounts.update(
          { customerId },
          { balance: credit(account.balance, outcome.amount), updatedAt: now },
        );
        const transactionId = timeOrderedUuid();
        await tx.getRepository(PaymentEntity).insert({
          transactionId,
          orderId,
          customerId,
          type: 'REFUND',
          amount: outcome.amount,
          createdAt: now,
        });
        return { orderId, transactionId, amount: outcome.amount };
      }
    }
  }
}
