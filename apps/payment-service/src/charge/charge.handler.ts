import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EntityManager } from 'typeorm';
import {
  Charge,
  PaymentCompleted,
  PaymentFailed,
  PaymentFailureReason,
  replyHeaders,
  contractMessage,
} from '@railyard/contracts';
import { Inbox, lockRows, Outbox } from '@railyard/persistence';
import { AccountEntity } from '../database/account.entity';
import { ChargeDecision, decideCharge } from '../domain/decide-charge';
import { PaymentDecisionEntity } from '../database/payment-decision.entity';
import { PaymentEntity } from '../database/payment.entity';
import { retryOnConflict } from '@railyard/persistence';
import { ChargeCommand } from './charge.command';
import { ChargeReply } from './charge-reply';

/**
 * Takes the money for an order at most once. The customer's account row is locked first, so
 * charges of one customer (and repeated charges of one order) run one after another on
 * PostgreSQL; a race on the order's decision row ends in a unique violation and a retry that
 * answers from the winner's decision.
 */
@CommandHandler(ChargeCommand)
export class ChargeHandler implements ICommandHandler<ChargeCommand> {
  constructor(
    private readonly inbox: Inbox,
    private readonly outbox: Outbox,
  ) {}

  async execute({ envelope }: ChargeCommand): Promise<void> {
    const charge = envelope.payload;
    await retryOnConflict(() =>
      this.inbox.once(envelope, 'charge', async (tx) => {
        const reply = await this.charge(tx, charge);
        await this.outbox.emit(tx, reply.contract, reply.payload, {
          aggregateId: charge.orderId,
          causedBy: envelope,
          headers: replyHeaders(envelope.headers),
        });
      }),
    );
  }

  private async charge(tx: EntityManager, charge: Charge): Promise<ChargeReply> {
    const account = await lockRows(
      tx,
      tx
        .getRepository(AccountEntity)
        .createQueryBuilder('account')
        .where('account.customerId = :customerId', { customerId: charge.customerId }),
    ).getOne();
    const decision = await tx
      .getRepository(PaymentDecisionEntity)
      .findOneBy({ orderId: charge.orderId });
    const outcome = decideCharge({
      decision,
      balance: account?.balance ?? null,
      amount: charge.amount,
    });
    return this.apply(tx, charge, outcome);
  }

  private async apply(
    tx: EntityManager,
    { orderId, customerId, amount }: Charge,
    outcome: ChargeDecision,
  ): Promise<ChargeReply> {
    const now = new Date().toISOString();
    switch (outcome.kind) {
      case 'charge': {
        const transactionId = randomUUID();
        await tx
          .getRepository(AccountEntity)
          .update({ customerId }, { balance: outcome.balanceAfter, updatedAt: now });
        await tx
          .getRepository(PaymentEntity)
          .insert({ transactionId, orderId, customerId, type: 'CHARGE', amount, createdAt: now });
        await tx.getRepository(PaymentDecisionEntity).insert({
          orderId,
          status: 'COMPLETED',
          reason: null,
          transactionId,
          decidedAt: now,
        });
        return completed(orderId, transactionId, amount);
      }
      case 'refuse':
        await tx.getRepository(PaymentDecisionEntity).insert({
          orderId,
          status: 'FAILED',
          reason: outcome.reason,
          transactionId: null,
          decidedAt: now,
        });
        return failed(orderId, outcome.reason);
      case 'replay-completed': {
        const recorded = await tx
          .getRepository(PaymentEntity)
          .findOneByOrFail({ transactionId: outcome.transactionId });
        return completed(orderId, recorded.transactionId, recorded.amount);
      }
      case 'replay-failed':
        return failed(orderId, outcome.reason);
    }
  }
}

function completed(orderId: string, transactionId: string, amount: number): ChargeReply {
  return contractMessage(PaymentCompleted, { orderId, transactionId, amount });
}

function failed(orderId: string, reason: PaymentFailureReason): ChargeReply {
  return contractMessage(PaymentFailed, { orderId, reason });
}
