import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EntityManager } from 'typeorm';
import { CreateOrderResult, OrderCreated, OrderErrors } from '@railyard/contracts';
import { Inbox, isUniqueViolation, Outbox, SqlStatement, UnitOfWork } from '@railyard/persistence';
import { CodedError, timeOrderedUuid } from '@railyard/platform';
import { SagaOrchestrator } from '@railyard/saga';
import { OrderEntity } from '../database/order.entity';
import { orderFromRow, ORDER_COLUMNS } from '../database/order.sql';
import { orderTotal, requestFingerprint } from '../domain/order-rules';
import { FulfilmentContext, ORDER_FULFILMENT } from '../fulfilment/order-fulfilment.saga';
import { CreateOrderCommand } from './create-order.command';

/** Past TypeORM's query builder (issue 13), which wrote the total into the SQL as a literal. */
const INSERT_ORDER = new SqlStatement(
  'INSERT INTO customer_order (id, customer_id, items, total, status, reason, idempotency_key, ' +
    'request_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
);
const BY_IDEMPOTENCY_KEY = new SqlStatement(
  `SELECT ${ORDER_COLUMNS} FROM customer_order WHERE idempotency_key = $1`,
);

/**
 * Creates a PENDING order, stages `order.created` and starts its fulfilment saga, all in one
 * transaction. The request's message id is recorded with its reply in that transaction (inbox):
 * the same message served again answers the same order. An idempotency key binds to the request's
 * fingerprint: a retry (a new message) gets the same order back; another request under the same
 * key is refused.
 */
@CommandHandler(CreateOrderCommand)
export class CreateOrderHandler implements ICommandHandler<CreateOrderCommand, CreateOrderResult> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly inbox: Inbox,
    private readonly outbox: Outbox,
    private readonly sagas: SagaOrchestrator,
  ) {}

  async execute({ envelope }: CreateOrderCommand): Promise<CreateOrderResult> {
    const request = envelope.payload;
    const fingerprint = requestFingerprint(request.customerId, request.items);
    try {
      return await this.inbox.request(envelope, 'create-order', async (tx) => {
        const replay = request.idempotencyKey
          ? await this.replay(tx, request.idempotencyKey, fingerprint)
          : undefined;
        if (replay) return replay;
        const now = new Date().toISOString();
        const order: OrderEntity = Object.assign(new OrderEntity(), {
          id: timeOrderedUuid(),
          customerId: request.customerId,
          items: JSON.stringify(request.items),
          total: orderTotal(request.items),
          status: 'PENDING' as const,
          reason: null,
          idempotencyKey: request.idempotencyKey ?? null,
          requestHash: request.idempotencyKey ? fingerprint : null,
          createdAt: now,
          updatedAt: now,
        });
        await INSERT_ORDER.run(tx, [
          order.id,
          order.customerId,
          order.items,
          order.total,
          order.status,
          order.reason,
          order.idempotencyKey,
          order.requestHash,
          order.createdAt,
          order.updatedAt,
        ]);
        await this.outbox.emit(
          tx,
          OrderCreated,
          {
            orderId: order.id,
            customerId: order.customerId,
            items: request.items,
            total: order.total,
          },
          { aggregateId: order.id, causedBy: envelope },
        );
        // The fulfilment saga starts in the same transaction: no order without its saga.
        await this.sagas.start<FulfilmentContext>(
          tx,
          ORDER_FULFILMENT,
          order.id,
          {
            orderId: order.id,
            customerId: order.customerId,
            items: request.items,
            total: order.total,
          },
          envelope,
        );
        return { orderId: order.id, status: order.status, replayed: false };
      });
    } catch (error) {
      // Two requests with one key raced on PostgreSQL: the loser answers as a retry would.
      if (!request.idempotencyKey || !isUniqueViolation(error)) throw error;
      const key = request.idempotencyKey;
      const replay = await this.uow.run((tx) => this.replay(tx, key, fingerprint));
      if (!replay) throw error;
      return replay;
    }
  }

  private async replay(
    tx: EntityManager,
    key: string,
    fingerprint: string,
  ): Promise<CreateOrderResult | undefined> {
    const row = (await BY_IDEMPOTENCY_KEY.run(tx, [key])).rows[0];
    if (!row) return undefined;
    const existing = orderFromRow(row);
    if (existing.requestHash !== fingerprint) {
      throw new CodedError(
        OrderErrors.idempotencyConflict,
        'this Idempotency-Key was already used with a different request',
        { orderId: existing.id },
      );
    }
    return { orderId: existing.id, status: existing.status, replayed: true };
  }
}
