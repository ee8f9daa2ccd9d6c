import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrderCancelled, OrderConfirmed, OrderStatus } from '@railyard/contracts';
import { Envelope } from '@railyard/messaging';
import { Outbox, SqlStatement } from '@railyard/persistence';
import { CodedError } from '@railyard/platform';
import { orderFromRow, ORDER_COLUMNS } from '../database/order.sql';
import { OrderEntity } from '../database/order.entity';
import { canTransition } from '../domain/order-rules';

type Cause = Pick<Envelope, 'messageId' | 'correlationId'>;

/**
 * PENDING → `to` in one statement (issue 13: was a locking SELECT, then an UPDATE through the
 * query builder). The status test is canTransition's rule; a row not PENDING is read as it is.
 */
const TRANSITION = new SqlStatement(
  `UPDATE customer_order SET status = $1, reason = $2, updated_at = $3 ` +
    `WHERE id = $4 AND status = 'PENDING' RETURNING ${ORDER_COLUMNS}`,
);
const FIND = new SqlStatement(`SELECT ${ORDER_COLUMNS} FROM customer_order WHERE id = $1`, {
  lockRows: true,
});

/**
 * Moves an order to its terminal state inside the caller's transaction (the saga's, or a command
 * handler's), staging the matching event. Asking again for the state it is in changes nothing;
 * a terminal order never changes state.
 */
@Injectable()
export class OrderLifecycle {
  constructor(private readonly outbox: Outbox) {}

  confirm(tx: EntityManager, orderId: string, causedBy?: Cause): Promise<OrderEntity> {
    return this.transition(tx, orderId, 'CONFIRMED', null, causedBy);
  }

  cancel(
    tx: EntityManager,
    orderId: string,
    reason: string,
    causedBy?: Cause,
  ): Promise<OrderEntity> {
    return this.transition(tx, orderId, 'CANCELLED', reason, causedBy);
  }

  private async transition(
    tx: EntityManager,
    orderId: string,
    to: OrderStatus,
    reason: string | null,
    causedBy?: Cause,
  ): Promise<OrderEntity> {
    const updatedAt = new Date().toISOString();
    const moved = canTransition('PENDING', to)
      ? (await TRANSITION.run(tx, [to, reason, updatedAt, orderId])).rows[0]
      : undefined;
    if (!moved) {
      const current = (await FIND.run(tx, [orderId])).rows[0];
      if (!current) throw new CodedError('ORDER_NOT_FOUND', `no order ${orderId}`);
      return orderFromRow(current);
    }
    const order = orderFromRow(moved);
    if (to === 'CONFIRMED') {
      await this.outbox.emit(tx, OrderConfirmed, { orderId }, { aggregateId: orderId, causedBy });
    } else {
      await this.outbox.emit(
        tx,
        OrderCancelled,
        { orderId, reason: reason ?? 'cancelled' },
        { aggregateId: orderId, causedBy },
      );
    }
    return order;
  }
}
