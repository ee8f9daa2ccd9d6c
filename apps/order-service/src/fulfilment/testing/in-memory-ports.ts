import { EntityManager } from 'typeorm';
import { OneWayContract, OrderStatus, PayloadInput } from '@railyard/contracts';
import { PublishOptions } from '@railyard/messaging';
import { canTransition } from '../../domain/order-rules';
import { FulfilmentOrders, FulfilmentOutbox } from '../order-fulfilment.saga';
import { BusMessage } from './simulated-network';

export interface OrderRecord {
  status: OrderStatus;
  reason?: string;
}

/** The order table in memory, moved by OrderLifecycle's rules: a terminal order never changes. */
export class InMemoryOrders implements FulfilmentOrders {
  readonly records = new Map<string, OrderRecord>();

  place(orderId: string): void {
    this.records.set(orderId, { status: 'PENDING' });
  }

  async confirm(_tx: EntityManager, orderId: string): Promise<void> {
    this.transition(orderId, { status: 'CONFIRMED' });
  }

  async cancel(_tx: EntityManager, orderId: string, reason: string): Promise<void> {
    this.transition(orderId, { status: 'CANCELLED', reason });
  }

  private transition(orderId: string, to: OrderRecord): void {
    const order = this.records.get(orderId);
    if (!order) throw new Error(`no order ${orderId}`);
    if (canTransition(order.status, to.status)) this.records.set(orderId, to);
  }
}

/**
 * The outbox with its relay: what a hook stages goes on the simulated bus. Its messages carry no
 * saga id, so the adversary never loses them (the relay publishes until acknowledged).
 */
export class InMemoryOutbox implements FulfilmentOutbox {
  constructor(private readonly publish: (message: BusMessage) => void) {}

  async emit<K extends OneWayContract>(
    _tx: EntityManager,
    contract: K,
    payload: PayloadInput<K>,
    options: PublishOptions = {},
  ): Promise<void> {
    this.publish({ type: contract.type, payload, headers: { ...options.headers } });
  }
}
