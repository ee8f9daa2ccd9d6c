import { Injectable } from '@nestjs/common';
import {
  GetOrder,
  GetReservation,
  ListOrderPayments,
  OrderView,
  PaymentView,
  ReservationView,
} from '@railyard/contracts';
import { ResilientBus } from '@railyard/resilience';
import { fetchPart, PartOutcome } from './order-part';

export interface OrderDetailsParts {
  order: Promise<PartOutcome<OrderView>>;
  inventory: Promise<PartOutcome<ReservationView>>;
  payment: Promise<PartOutcome<PaymentView[]>>;
}

/**
 * Asks the three services at once, each through its own policy: a downstream that hangs costs at
 * most its budget (800 ms by default) and one behind an open circuit costs nothing. All three are
 * queries, so each may be retried within that budget.
 */
@Injectable()
export class OrderDetailsReader {
  constructor(private readonly bus: ResilientBus) {}

  read(orderId: string): OrderDetailsParts {
    const query = { idempotent: true };
    return {
      order: fetchPart(() => this.bus.request(GetOrder, { orderId }, query)),
      inventory: fetchPart(() => this.bus.request(GetReservation, { orderId }, query)),
      payment: fetchPart(() => this.bus.request(ListOrderPayments, { orderId }, query)),
    };
  }
}
