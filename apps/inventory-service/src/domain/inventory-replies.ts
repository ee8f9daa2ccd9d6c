import {
  ContractMessage,
  contractMessage,
  StockCommitted,
  StockLine,
  StockReleased,
  StockReservationFailed,
  StockReservationFailureReason,
  StockReserved,
} from '@railyard/contracts';

export type ReserveReply =
  ContractMessage<typeof StockReserved> | ContractMessage<typeof StockReservationFailed>;

export type ReleaseReply = ContractMessage<typeof StockReleased>;

export type CommitReply = ContractMessage<typeof StockCommitted>;

/** Every event this service emits: always an answer to one command. */
export type InventoryReply = ReserveReply | ReleaseReply | CommitReply;

export const stockReserved = (orderId: string, items: StockLine[]): ReserveReply =>
  contractMessage(StockReserved, { orderId, items });

export const stockReservationFailed = (
  orderId: string,
  reason: StockReservationFailureReason,
  skus: string[],
): ReserveReply => contractMessage(StockReservationFailed, { orderId, reason, skus });

export const stockReleased = (orderId: string, items: StockLine[]): ReleaseReply =>
  contractMessage(StockReleased, { orderId, items });

export const stockCommitted = (orderId: string, items: StockLine[]): CommitReply =>
  contractMessage(StockCommitted, { orderId, items });
