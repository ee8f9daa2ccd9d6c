import { EntityManager } from 'typeorm';
import { ReservationStatus } from '@railyard/contracts';
import { lockRows } from '@railyard/persistence';
import { ReservationRecord } from '../domain/reservation-record';
import { ReservationLineEntity } from './reservation-line.entity';
import { ReservationEntity } from './reservation.entity';

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
  const query = tx
    .getRepository(ReservationEntity)
    .createQueryBuilder('r')
    .where('r.orderId = :orderId', { orderId });
  const row = await (forUpdate ? lockRows(tx, query) : query).getOne();
  if (!row) return undefined;
  const lines = await tx
    .getRepository(ReservationLineEntity)
    .find({ where: { orderId }, order: { sku: 'ASC' } });
  return {
    orderId,
    status: row.status,
    reason: row.reason as ReservationRecord['reason'],
    failedSkus: row.failedSkus ? (JSON.parse(row.failedSkus) as string[]) : [],
    lines: lines.map(({ sku, quantity }) => ({ sku, quantity })),
  };
}

export async function insertReservation(
  tx: EntityManager,
  record: ReservationRecord,
): Promise<void> {
  const now = new Date().toISOString();
  await tx.getRepository(ReservationEntity).insert({
    orderId: record.orderId,
    status: record.status,
    reason: record.reason,
    failedSkus: record.failedSkus.length > 0 ? JSON.stringify(record.failedSkus) : null,
    createdAt: now,
    updatedAt: now,
  });
  if (record.lines.length > 0) {
    await tx
      .getRepository(ReservationLineEntity)
      .insert(record.lines.map((line) => ({ orderId: record.orderId, ...line })));
  }
}

export async function updateReservationStatus(
  tx: EntityManager,
  orderId: string,
  status: ReservationStatus,
): Promise<void> {
  await tx
    .getRepository(ReservationEntity)
    .update({ orderId }, { status, updatedAt: new Date().toISOString() });
}
