import {
  CommitStock,
  ReleaseStock,
  replyHeaders,
  ReservationStatus,
  ReserveStock,
  StockCommitted,
  StockLine,
  StockReleased,
  StockReservationFailed,
  StockReservationFailureReason,
  StockReserved,
} from '@railyard/contracts';
import { BusMessage } from './simulated-network';

export interface StockLevel {
  available: number;
  reserved: number;
  committed: number;
}

interface Reservation {
  status: ReservationStatus;
  /** What the order holds (RESERVED), held (RELEASED) or took (COMMITTED). */
  lines: StockLine[];
  reason?: StockReservationFailureReason;
  skus: string[];
}

type Reply = Omit<BusMessage, 'headers'>;

/**
 * inventory-service's contract in memory: one decision per order, all or nothing; a repeat is
 * answered from the record; a Release before the Reserve closes the order. Replies carry the
 * command's `reply-*` headers.
 */
export class FakeInventory {
  readonly levels: Map<string, StockLevel>;
  readonly reservations = new Map<string, Reservation>();

  constructor(stock: Record<string, number>) {
    this.levels = new Map(
      Object.entries(stock).map(([sku, available]) => [
        sku,
        { available, reserved: 0, committed: 0 },
      ]),
    );
  }

  readonly handle = (command: BusMessage): BusMessage => ({
    ...this.answer(command),
    headers: replyHeaders(command.headers),
  });

  private answer({ type, payload }: BusMessage): Reply {
    if (type === ReserveStock.type) return this.reserve(payload as ReserveStock);
    if (type === ReleaseStock.type) return this.release(payload as ReleaseStock);
    if (type === CommitStock.type) return this.commit(payload as CommitStock);
    throw new Error(`inventory does not handle ${type}`);
  }

  private reserve({ orderId, items }: ReserveStock): Reply {
    const known = this.reservations.get(orderId);
    if (known) return this.replay(orderId, known);
    const lines = merge(items);
    const unknown = lines.filter((line) => !this.levels.has(line.sku)).map((line) => line.sku);
    const short = lines.filter(
      (line) => (this.levels.get(line.sku)?.available ?? 0) < line.quantity,
    );
    if (unknown.length > 0 || short.length > 0) {
      const reason = unknown.length > 0 ? 'unknown sku' : 'insufficient stock';
      const skus = unknown.length > 0 ? unknown : short.map((line) => line.sku);
      this.reservations.set(orderId, { status: 'FAILED', lines: [], reason, skus });
      return failed(orderId, reason, skus);
    }
    this.move(lines, 'available', 'reserved');
    this.reservations.set(orderId, { status: 'RESERVED', lines, skus: [] });
    return { type: StockReserved.type, payload: { orderId, items: lines } };
  }

  private replay(orderId: string, known: Reservation): Reply {
    switch (known.status) {
      case 'RESERVED':
      case 'COMMITTED':
        return { type: StockReserved.type, payload: { orderId, items: known.lines } };
      case 'FAILED':
        return failed(orderId, known.reason ?? 'insufficient stock', known.skus);
      case 'RELEASED':
        return failed(orderId, 'order released', []);
    }
  }

  private release({ orderId }: ReleaseStock): Reply {
    const known = this.reservations.get(orderId);
    let items: StockLine[] = [];
    if (!known) {
      this.reservations.set(orderId, { status: 'RELEASED', lines: [], skus: [] });
    } else if (known.status === 'RESERVED') {
      this.move(known.lines, 'reserved', 'available');
      this.reservations.set(orderId, { ...known, status: 'RELEASED' });
      items = known.lines;
    } else if (known.status === 'RELEASED') {
      items = known.lines;
    }
    return { type: StockReleased.type, payload: { orderId, items } };
  }

  private commit({ orderId }: CommitStock): Reply {
    const known = this.reservations.get(orderId);
    if (known?.status === 'RESERVED') {
      this.move(known.lines, 'reserved', 'committed');
      this.reservations.set(orderId, { ...known, status: 'COMMITTED' });
    }
    const items = known?.status === 'RESERVED' || known?.status === 'COMMITTED' ? known.lines : [];
    return { type: StockCommitted.type, payload: { orderId, items } };
  }

  private move(lines: StockLine[], from: keyof StockLevel, to: keyof StockLevel): void {
    for (const { sku, quantity } of lines) {
      const level = this.levels.get(sku) as StockLevel;
      if (level[from] < quantity) throw new Error(`${sku}: ${from} would go negative`);
      this.levels.set(sku, {
        ...level,
        [from]: level[from] - quantity,
        [to]: level[to] + quantity,
      });
    }
  }
}

function failed(orderId: string, reason: StockReservationFailureReason, skus: string[]): Reply {
  return { type: StockReservationFailed.type, payload: { orderId, reason, skus } };
}

/** One line per sku, quantities summed: an order may name a sku twice. */
export function merge(items: readonly StockLine[]): StockLine[] {
  const totals = new Map<string, number>();
  for (const { sku, quantity } of items) totals.set(sku, (totals.get(sku) ?? 0) + quantity);
  return [...totals].map(([sku, quantity]) => ({ sku, quantity }));
}
