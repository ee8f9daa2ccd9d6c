import {
  Charge,
  CommitStock,
  InventoryCommands,
  InventoryEvents,
  MinorUnits,
  OrderLine,
  OrderStatus,
  PaymentCommands,
  PaymentEvents,
  Refund,
  ReleaseStock,
  ReserveStock,
} from '@railyard/contracts';
import { defineSaga, SagaDefinition, StepOutcome } from '../../definition/saga-definition';
import { BusMessage } from './simulated-network';

export interface FulfilmentContext {
  orderId: string;
  customerId: string;
  items: OrderLine[];
  total: MinorUnits;
}

export interface OrderRecord {
  status: OrderStatus;
  reason?: string;
}

/** Where the hooks write: the order table and the outbox, both in memory. */
export interface FulfilmentPorts {
  orders: Map<string, OrderRecord>;
  publish(message: BusMessage): void;
}

const succeeded = (): StepOutcome<FulfilmentContext> => ({ ok: true });
const failed = (payload: unknown): StepOutcome<FulfilmentContext> => ({
  ok: false,
  reason: (payload as { reason: string }).reason,
});

/** The order fulfilment saga as order-service declares it, with hooks over in-memory ports. */
export function fulfilmentSaga(ports: FulfilmentPorts): SagaDefinition<FulfilmentContext> {
  return defineSaga<FulfilmentContext>({
    type: 'order-fulfilment',
    steps: [
      {
        name: 'reserve-stock',
        action: {
          type: InventoryCommands.reserveStock,
          payload: ({ orderId, items }): ReserveStock => ({
            orderId,
            items: items.map(({ sku, quantity }) => ({ sku, quantity })),
          }),
        },
        replies: {
          [InventoryEvents.stockReserved]: succeeded,
          [InventoryEvents.stockReservationFailed]: failed,
        },
        compensation: {
          type: InventoryCommands.releaseStock,
          payload: ({ orderId }): ReleaseStock => ({ orderId }),
          replies: [InventoryEvents.stockReleased],
        },
      },
      {
        name: 'charge-payment',
        action: {
          type: PaymentCommands.charge,
          payload: ({ orderId, customerId, total }): Charge => ({
            orderId,
            customerId,
            amount: total,
          }),
        },
        replies: {
          [PaymentEvents.paymentCompleted]: succeeded,
          [PaymentEvents.paymentFailed]: failed,
        },
        compensation: {
          type: PaymentCommands.refund,
          payload: ({ orderId }): Refund => ({ orderId }),
          replies: [PaymentEvents.paymentRefunded],
        },
        deadlineMs: 4_000,
      },
    ],
    async onCompleted(_tx, { orderId }) {
      ports.orders.set(orderId, { status: 'CONFIRMED' });
      const commit: CommitStock = { orderId };
      ports.publish({ type: InventoryCommands.commitStock, payload: commit, headers: {} });
    },
    async onCompensated(_tx, { orderId }, reason) {
      ports.orders.set(orderId, { status: 'CANCELLED', reason });
    },
  });
}
