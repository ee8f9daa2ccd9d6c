import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  Charge,
  CommitStock,
  OneWayContract,
  OrderLine,
  PayloadInput,
  PaymentCompleted,
  PaymentFailed,
  PaymentRefunded,
  Refund,
  ReleaseStock,
  ReserveStock,
  StockReleased,
  StockReservationFailed,
  StockReserved,
} from '@railyard/contracts';
import { PublishOptions } from '@railyard/messaging';
import { Outbox } from '@railyard/persistence';
import { on, SagaDefinition, SagaHookContext, SagaStep, sendCommand } from '@railyard/saga';
import { OrderLifecycle } from '../lifecycle/order-lifecycle';

export interface FulfilmentContext {
  orderId: string;
  customerId: string;
  items: OrderLine[];
  /** Minor units. */
  total: number;
}

export const ORDER_FULFILMENT = 'order-fulfilment';

type Cause = SagaHookContext['cause'];

/** What the hooks do to the order: OrderLifecycle in the service, a map in the simulation. */
export interface FulfilmentOrders {
  confirm(tx: EntityManager, orderId: string, cause?: Cause): Promise<unknown>;
  cancel(tx: EntityManager, orderId: string, reason: string, cause?: Cause): Promise<unknown>;
}

/** Where the hooks stage what they send: the Outbox in the service. */
export interface FulfilmentOutbox {
  emit<K extends OneWayContract>(
    tx: EntityManager,
    contract: K,
    payload: PayloadInput<K>,
    options?: PublishOptions,
  ): Promise<unknown>;
}

const byOrder = (c: FulfilmentContext) => c.orderId;

/**
 * Reserve stock → charge payment → confirm (inventory commits the reservation). A failed step
 * cancels the order with the failing service's reason after undoing what was done; a deadline
 * cancels it with reason `timeout`. Once charged, the saga only moves forward: the confirmation
 * and the CommitStock command commit together.
 */
@Injectable()
export class OrderFulfilmentSaga implements SagaDefinition<FulfilmentContext> {
  readonly type = ORDER_FULFILMENT;

  readonly steps: readonly SagaStep<FulfilmentContext>[] = [
    {
      name: 'reserve-stock',
      action: sendCommand(
        ReserveStock,
        (c) => ({
          orderId: c.orderId,
          items: c.items.map(({ sku, quantity }) => ({ sku, quantity })),
        }),
        { aggregateId: byOrder },
      ),
      replies: [
        on(StockReserved, () => ({ ok: true })),
        on(StockReservationFailed, (p) => ({ ok: false, reason: p.reason })),
      ],
      compensation: {
        ...sendCommand(ReleaseStock, (c) => ({ orderId: c.orderId }), { aggregateId: byOrder }),
        replies: [StockReleased],
      },
    },
    {
      name: 'charge-payment',
      action: sendCommand(
        Charge,
        (c) => ({ orderId: c.orderId, customerId: c.customerId, amount: c.total }),
        { aggregateId: byOrder },
      ),
      replies: [
        on(PaymentCompleted, () => ({ ok: true })),
        on(PaymentFailed, (p) => ({ ok: false, reason: p.reason })),
      ],
      compensation: {
        ...sendCommand(Refund, (c) => ({ orderId: c.orderId }), { aggregateId: byOrder }),
        replies: [PaymentRefunded],
      },
    },
  ];

  constructor(
    @Inject(OrderLifecycle) private readonly orders: FulfilmentOrders,
    @Inject(Outbox) private readonly outbox: FulfilmentOutbox,
  ) {}

  /** The order is confirmed and inventory told to commit its reservation, in one transaction. */
  async onCompleted(tx: EntityManager, c: FulfilmentContext, { cause }: SagaHookContext) {
    await this.orders.confirm(tx, c.orderId, cause);
    await this.outbox.emit(
      tx,
      CommitStock,
      { orderId: c.orderId },
      { aggregateId: c.orderId, causedBy: cause },
    );
  }

  async onCompensated(
    tx: EntityManager,
    c: FulfilmentContext,
    reason: string,
    { cause }: SagaHookContext,
  ) {
    await this.orders.cancel(tx, c.orderId, reason, cause);
  }
}
