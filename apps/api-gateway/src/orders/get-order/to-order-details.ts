import { fromMinorUnits, OrderView, PaymentView, ReservationView } from '@railyard/contracts';
import { toPaymentResponse } from '../../payments/payment.response';
import {
  InventoryPartResponse,
  OrderResponse,
  PaymentPartResponse,
} from './order-details.response';

/** Amounts leave in major units; timestamps and internal fields stay inside. */
export function toOrderResponse(view: OrderView): OrderResponse {
  return {
    id: view.id,
    customerId: view.customerId,
    items: view.items.map(({ sku, quantity, unitPrice }) => ({
      sku,
      quantity,
      unitPrice: fromMinorUnits(unitPrice),
    })),
    total: fromMinorUnits(view.total),
    status: view.status,
    ...(view.reason ? { reason: view.reason } : {}),
  };
}

export function toInventoryPart(view: ReservationView): InventoryPartResponse {
  return {
    status: view.status,
    items: view.items.map(({ sku, quantity }) => ({ sku, quantity })),
    ...(view.reason ? { reason: view.reason } : {}),
  };
}

export function toPaymentPart(views: PaymentView[]): PaymentPartResponse {
  return { payments: views.map(toPaymentResponse) };
}
