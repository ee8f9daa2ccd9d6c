import { join } from 'node:path';

/** The slice of better-sqlite3 used here (the package ships no types). */
interface SqliteDatabase {
  prepare(sql: string): {
    all(...params: unknown[]): unknown[];
    get(...params: unknown[]): unknown;
  };
  close(): void;
}
type SqliteConstructor = new (
  file: string,
  options: { readonly: boolean; fileMustExist: boolean },
) => SqliteDatabase;

export interface OrderRow {
  id: string;
  customerId: string;
  status: 'PENDING' | 'CONFIRMED' | 'CANCELLED';
  reason: string | null;
  items: string;
  total: number;
  createdAt: string;
  updatedAt: string;
}

/** An order and the customer it belongs to: whose token may read it through the gateway. */
export type OrderRef = Pick<OrderRow, 'id' | 'customerId'>;

/**
 * Read-only view of order-service's own SQLite file (WAL: reading never blocks its writer). The
 * benchmark needs every order's outcome and timestamps; asking order-service for each of them
 * over the bus, thousands of times a second, would measure the polling instead of the saga.
 * `created_at` is set when the order (and its saga) commits, `updated_at` when it turns terminal.
 */
export class OrderBook {
  private readonly db: SqliteDatabase;

  constructor(dataDir: string) {
    const Database = require('better-sqlite3') as SqliteConstructor;
    this.db = new Database(join(dataDir, 'order.sqlite'), { readonly: true, fileMustExist: true });
  }

  /** Orders of customers whose id starts with `prefix` that are no longer PENDING. */
  terminalCount(prefix: string): number {
    const row = this.db
      .prepare(
        `SELECT COUNT(*) AS n FROM customer_order WHERE customer_id LIKE ? AND status != 'PENDING'`,
      )
      .get(`${prefix}%`) as { n: number };
    return row.n;
  }

  orders(prefix: string): OrderRow[] {
    return this.db
      .prepare(
        `SELECT id, customer_id AS customerId, status, reason, items, total,
                created_at AS createdAt, updated_at AS updatedAt
         FROM customer_order WHERE customer_id LIKE ?`,
      )
      .all(`${prefix}%`) as OrderRow[];
  }

  close(): void {
    this.db.close();
  }
}
