import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EntityManager } from 'typeorm';
import {
  Charge,
  PaymentCompleted,
  PaymentFailed,
  PaymentFailureReason,
  replyHeaders,
  contractMessage,
  minorUnitsColumn,
} from '@railyard/contracts';
import { Inbox, Outbox, SqlStatement } from '@railyard/persistence';
import { ChargeDecision, decideCharge, RecordedDecision } from '../domain/decide-charge';
import { retryOnConflict } from '@railyard/persistence';
import { ChargeCommand } from './charge.command';
import { ChargeReply } from './charge-reply';
import { timeOrderedUuid } from '@railyard/platform';

/**
 * The charge's statements past TypeORM's query builder (issue 13), which on SQLite wrote each
 * balance and amount into the SQL as a literal: a new statement to prepare per charge. Columns as
 * in PaymentSchema1764400000000; bigint columns read through minorUnitsColumn as the entities do.
 */
const SQL = {
  lockAccount: new SqlStatement('SELECT balance FROM account WHERE customer_id = $1', {
    lockRows: true,
  }),
  decision: new SqlStatement(
    'SELECT status, reason, transaction_id AS "transactionId" FROM payment_decision WHERE order_id = $1',
  ),
  debit: new SqlStatement(
    'UPDATE account SET balance = $1, updated_at = $2 WHERE customer_id = $3',
  ),
  insertPayment: new SqlStatement(
    'INSERT INTO payment (transaction_id, order_id, customer_id, type, amount, created_at) ' +
      'VALUES ($1, $2, $3, $4, $5, $6)',
  ),
  insertDecision: new SqlStatement(
    'INSERT INTO payment_decision (order_id, status, reason, transaction_id, decided_at) ' +
      'VALUES ($1, $2, $3, $4, $5)',
  ),
  payment: new SqlStatement(
    'SELECT transaction_id AS "transactionId", amount FROM payment WHERE transaction_id = $1',
  ),
};

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
    const account = (await SQL.lockAccount.run(tx, [charge.customerId])).rows[0];
    const decision = (await SQL.decision.run(tx, [charge.orderId])).rows[0] as unknown as
      RecordedDecision | undefined;
    const outcome = decideCharge({
      decision: decision ?? null,
      balance: account ? minorUnitsColumn.from(account.balance as string | number) : null,
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
        const transactionId = timeOrderedUuid();
        await SQL.debit.run(tx, [outcome.balanceAfter, now, customerId]);
        await SQL.insertPayment.run(tx, [
          transactionId,
          orderId,
          customerId,
          'CHARGE',
          amount,
          now,
        ]);
        await SQL.insertDecision.run(tx, [orderId, 'COMPLETED', null, transactionId, now]);
        return completed(orderId, transactionId, amount);
      }
      case 'refuse':
        await SQL.insertDecision.run(tx, [orderId, 'FAILED', outcome.reason, null, now]);
        return failed(orderId, outcome.reason);
      case 'replay-completed': {
        const recorded = (await SQL.payment.run(tx, [outcome.transactionId])).rows[0];
        if (!recorded) throw new Error(`no payment ${outcome.transactionId}`);
        return completed(
          orderId,
          recorded.transactionId as string,
          minorUnitsColumn.from(recorded.amount as string | number) as number,
        );
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
