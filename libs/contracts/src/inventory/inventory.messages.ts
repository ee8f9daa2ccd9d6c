/** inventory-service: what it consumes, emits and answers. */
export const InventoryCommands = {
  reserveStock: 'inventory.reserve-stock',
  releaseStock: 'inventory.release-stock',
  commitStock: 'inventory.commit-stock',
} as const;

export const InventoryEvents = {
  stockReserved: 'inventory.stock-reserved',
  stockReservationFailed: 'inventory.stock-reservation-failed',
  stockReleased: 'inventory.stock-released',
  stockCommitted: 'inventory.stock-committed',
} as const;

export const InventoryQueries = {
  setProduct: 'inventory.product.set',
  getProduct: 'inventory.product.get',
  getReservation: 'inventory.reservation.get',
} as const;

export interface StockLine {
  sku: string;
  quantity: number;
}

export interface ReserveStock {
  orderId: string;
  items: StockLine[];
}

export interface ReleaseStock {
  orderId: string;
}

export interface CommitStock {
  orderId: string;
}

export type StockReservationFailureReason = 'insufficient stock' | 'unknown sku' | 'order released';

export interface StockReserved {
  orderId: string;
  items: StockLine[];
}

export interface StockReservationFailed {
  orderId: string;
  reason: StockReservationFailureReason;
  /** The skus that caused the failure. */
  skus: string[];
}

export interface StockReleased {
  orderId: string;
  /** What went back to `available`; empty when nothing was reserved. */
  items: StockLine[];
}

export interface StockCommitted {
  orderId: string;
  items: StockLine[];
}

export interface SetProduct {
  sku: string;
  available: number;
}

export interface ProductView {
  sku: string;
  available: number;
  reserved: number;
}

export type ReservationStatus = 'RESERVED' | 'FAILED' | 'RELEASED' | 'COMMITTED';

export interface ReservationView {
  orderId: string;
  status: ReservationStatus;
  items: StockLine[];
  reason?: string;
}
