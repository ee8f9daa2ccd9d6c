import {
  InventoryEvents,
  StockCommitted,
  StockLine,
  StockReleased,
  StockReservationFailed,
  StockReservationFailureReason,
  StockReserved,
} from '@railyard/contracts';

export type ReserveReply =
  | { type: typeof InventoryEvents.stockReserved; payload: StockReserved }
  | { type: typeof InventoryEvents.stockReservationFailed; payload: StockReservationFailed };

export interface ReleaseReply {
  type: typeof InventoryEvents.stockReleased;
  payload: StockReleased;
}

export interface CommitReply {
  type: typeof InventoryEvents.stockCommitted;
  payload: StockCommitted;
}

/** Every event this service emits: always an answer to one command. */
export type InventoryReply = ReserveReply | ReleaseReply | CommitReply;

export const stockReserved = (orderId: string, items: StockLine[]): ReserveReply => ({
  type: InventoryEvents.stockReserved,
  payload: { orderId, items },
});

export const stockReservationFailed = (
  orderId: string,
  reason: StockReservationFailureReason,
  skus: string[],
): ReserveReply => ({
  type: InventoryEvents.stockReservationFailed,
  payload: { orderId, reason, skus },
});

export const stockReleased = (orderId: string, items: StockLine[]): ReleaseReply => ({
  type: InventoryEvents.stockReleased,
  payload: { orderId, items },
});

export const stockCommitted = (orderId: string, items: StockLine[]): CommitReply => ({
  type: InventoryEvents.stockCommitted,
  payload: { orderId, items },
});
