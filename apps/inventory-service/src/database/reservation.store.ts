import { EntityManager } from 'typeorm';
import { ReservationStatus } from '@railyard/contracts';
import { SqlStatement } from '@railyard/persistence';
import { ReservationRecord } from '../domain/reservation-record';

/** Columns as in InventorySchema1764400000000; past the query builder, see product.store.ts. */
const RESERVATION = 'SELECT status, reason, failed_skus AS "failedSkus" FROM reservation ';
const FIND_LOCKED = new SqlStatement(`${RESERVATION}WHERE order_id = $1`, { lockRows: true });
const FIND = new SqlStatement(`${RESERVATION}WHERE order_id = $1`);
const LINES = new SqlStatement(
  'SELECT sku, quantity FROM reservation_line WHERE order_id = $1 ORDER BY sku',
);
const INSERT = new SqlStatement(
  'INSERT INTO reservation (order_id, status, reason, failed_skus, created_at, updated_at) ' +
    'VALUES ($1, $2, $3, $4, $5, $6)',
);
const INSERT_LINE = new SqlStatement(
  'INSERT INTO reservation_line (order_id, sku, quantity) VALUES ($1, $2, $3)',
);
const UPDATE_STATUS = new SqlStatement(
  'UPDATE reservation SET status = $1, updated_at = $2 WHERE order_id = $3',
);

/**
 * The order's record. With `forUpdate` (commands) its row is locked on PostgreSQL so Release and
 * Commit of one order take turns; a query reads without locking.
 * When there is no row yet nothing can be locked: two first commands for one order then race to
 * insert it and the primary key turns the loser into a retry (see retryOnConflict).
 */
export async function findReservation(
  tx: EntityManager,
  orderId: string,
  { forUpdate }: { forUpdate: boolean } = { forUpdate: true },
): Promise<ReservationRecord | undefined> {
  const { rows } = await (forUpdate ? FIND_LOCKED : FIND).run(tx, [orderId]);
  const row = rows[0];
  if (!row) return undefined;
  const lines = (await LINES.run(tx, [orderId])).rows;
  return {
    orderId,
    status: row.status as ReservationStatus,
    reason: row.reason as ReservationRecord['reason'],
    failedSkus: row.failedSkus ? (JSON.parse(row.failedSkus as string) as string[]) : [],
    lines: lines.map((line) => ({ sku: line.sku as string, quantity: Number(line.quantity) })),
  };
}

export async function insertReservation(
  tx: EntityManager,
  record: ReservationRecord,
): Promise<void> {
  const now = new Date().toISOString();
  await INSERT.run(tx, [
    record.orderId,
    record.status,
    record.reason,
    record.failedSkus.length > 0 ? JSON.stringify(record.failedSkus) : null,
    now,
    now,
  ]);
  for (const line of record.lines) {
    await INSERT_LINE.run(tx, [record.orderId, line.sku, line.quantity]);
  }
}

export async function updateReservationStatus(
  tx: EntityManager,
  orderId: string,
  status: ReservationStatus,
): Promise<void> {
  await UPDATE_STATUS.run(tx, [status, new Date().toISOString(), orderId]);
}
