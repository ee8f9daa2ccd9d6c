import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrderCancelled, OrderConfirmed, OrderStatus } from '@railyard/contracts';
import { Envelope } from '@railyard/messaging';
import { lockRows, Outbox } from '@railyard/persistence';
import { CodedError } from '@railyard/platform';
import { OrderEntity } from '../database/order.entity';
import { canTransition } from '../domain/order-rules';

type Cause = Pick<Envelope, 'messageId' | 'correlationId'>;

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
    const orders = tx.getRepository(OrderEntity);
    const order = await lockRows(
      tx,
      orders.createQueryBuilder('o').where('o.id = :orderId', { orderId }),
    ).getOne();
    if (!order) throw new CodedError('ORDER_NOT_FOUND', `no order ${orderId}`);
    if (!canTransition(order.status, to)) return order;
    order.status = to;
    order.reason = reason;
    order.updatedAt = new Date().toISOString();
    await orders.update({ id: orderId }, { status: to, reason, updatedAt: order.updatedAt });
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
