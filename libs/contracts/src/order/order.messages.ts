import { MinorUnits } from '../money';

/** order-service: what it consumes, emits and answers. Amounts in minor units. */
export const OrderEvents = {
  orderCreated: 'order.created',
  orderConfirmed: 'order.confirmed',
  orderCancelled: 'order.cancelled',
} as const;

export const OrderQueries = {
  createOrder: 'order.create',
  getOrder: 'order.get',
} as const;

export interface OrderLine {
  sku: string;
  quantity: number;
  unitPrice: MinorUnits;
}

export interface CreateOrder {
  customerId: string;
  items: OrderLine[];
  /** Same key + same request → the same order; same key + another request → IDEMPOTENCY_CONFLICT. */
  idempotencyKey?: string;
}

export interface CreateOrderResult {
  orderId: string;
  status: OrderStatus;
  /** True when an earlier request with the same idempotency key created it. */
  replayed: boolean;
}

export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'CANCELLED';

export interface OrderView {
  id: string;
  customerId: string;
  items: OrderLine[];
  total: MinorUnits;
  status: OrderStatus;
  reason?: string;
  createdAt: string;
  updatedAt: string;
}

export interface OrderCreated {
  orderId: string;
  customerId: string;
  items: OrderLine[];
  total: MinorUnits;
}

export interface OrderConfirmed {
  orderId: string;
}

export interface OrderCancelled {
  orderId: string;
  reason: string;
}

/** Error codes order-service answers with (RemoteError.remoteCode at the caller). */
export const OrderErrors = {
  notFound: 'ORDER_NOT_FOUND',
  idempotencyConflict: 'IDEMPOTENCY_CONFLICT',
  invalid: 'INVALID_ORDER',
} as const;
