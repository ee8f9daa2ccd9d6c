import { ProductView, ReservationView } from '@railyard/contracts';
import type { ProductEntity } from '../database/product.entity';
import { ReservationRecord } from './reservation-record';

/** The contract's view: `committed` stays internal (it is bookkeeping, not stock). */
export function toProductView({ sku, available, reserved }: ProductEntity): ProductView {
  return { sku, available, reserved };
}

export function toReservationView(record: ReservationRecord): ReservationView {
  const view: ReservationView = {
    orderId: record.orderId,
    status: record.status,
    items: record.lines,
  };
  return record.reason === null ? view : { ...view, reason: record.reason };
}
