import {
  InventoryCommands,
  InventoryEvents,
  OrderLine,
  PaymentCommands,
  PaymentEvents,
  PaymentFailed,
  StockReservationFailed,
} from '@railyard/contracts';
import { Outbox } from '@railyard/persistence';
import { defineSaga } from '@railyard/saga';
import { OrderLifecycle } from '../domain/order-lifecycle';

export interface FulfilmentContext {
  orderId: string;
  customerId: string;
  items: OrderLine[];
  /** Minor units. */
  total: number;
}

export const ORDER_FULFILMENT = 'order-fulfilment';

const byOrder = (c: FulfilmentContext) => c.orderId;

/**
 * Reserve stock → charge payment → confirm (inventory commits the reservation). A failed step
 * cancels the order with the failing service's reason after undoing what was done; a deadline
 * cancels it with reason `timeout`. Once charged, the saga only moves forward: the confirmation
 * and the CommitStock command commit together.
 */
export const orderFulfilmentSaga = defineSaga<FulfilmentContext>({
  type: ORDER_FULFILMENT,
  steps: [
    {
      name: 'reserve-stock',
      action: {
        type: InventoryCommands.reserveStock,
        payload: (c) => ({
          orderId: c.orderId,
          items: c.items.map(({ sku, quantity }) => ({ sku, quantity })),
        }),
        aggregateId: byOrder,
      },
      replies: {
        [InventoryEvents.stockReserved]: () => ({ ok: true }),
        [InventoryEvents.stockReservationFailed]: (p) => ({
          ok: false,
          reason: (p as StockReservationFailed).reason,
        }),
      },
      compensation: {
        type: InventoryCommands.releaseStock,
        payload: (c) => ({ orderId: c.orderId }),
        aggregateId: byOrder,
        replies: [InventoryEvents.stockReleased],
      },
    },
    {
      name: 'charge-payment',
      action: {
        type: PaymentCommands.charge,
        payload: (c) => ({ orderId: c.orderId, customerId: c.customerId, amount: c.total }),
        aggregateId: byOrder,
      },
      replies: {
        [PaymentEvents.paymentCompleted]: () => ({ ok: true }),
        [PaymentEvents.paymentFailed]: (p) => ({ ok: false, reason: (p as PaymentFailed).reason }),
      },
      compensation: {
        type: PaymentCommands.refund,
        payload: (c) => ({ orderId: c.orderId }),
        aggregateId: byOrder,
        replies: [PaymentEvents.paymentRefunded],
      },
    },
  ],
  async onCompleted(tx, c, { moduleRef, cause }) {
    await moduleRef.get(OrderLifecycle, { strict: false }).confirm(tx, c.orderId, cause);
    await moduleRef
      .get(Outbox, { strict: false })
      .emit(
        tx,
        InventoryCommands.commitStock,
        { orderId: c.orderId },
        { aggregateId: c.orderId, causedBy: cause },
      );
  },
  async onCompensated(tx, c, reason, { moduleRef, cause }) {
    await moduleRef.get(OrderLifecycle, { strict: false }).cancel(tx, c.orderId, reason, cause);
  },
});
