import { EntityManager } from 'typeorm';
import { SqlStatement } from '../unit-of-work/sql-statement';
import { OutboxRow } from './outbox-row';

/**
 * Unsent rows the relay may publish now, oldest first: not parked, not waiting out a backoff, and
 * with no earlier row of their aggregate parked or waiting (that one holds its successors back;
 * every other aggregate flows on).
 */
const READY =
  'SELECT o.sequence AS "sequence", o.message_id AS "messageId", ' +
  'o.aggregate_id AS "aggregateId", o.attempts AS "attempts", o.envelope AS "envelope" ' +
  'FROM outbox_message o ' +
  'WHERE o.sent_at IS NULL AND o.parked_at IS NULL AND (o.retry_after IS NULL OR o.retry_after <= $1) ' +
  'AND NOT EXISTS (SELECT 1 FROM outbox_message b WHERE b.aggregate_id = o.aggregate_id ' +
  'AND b.sequence < o.sequence AND b.sent_at IS NULL ' +
  'AND (b.parked_at IS NOT NULL OR b.retry_after > $2)) ' +
  'ORDER BY o.sequence LIMIT $3';

const READ = new SqlStatement(READY);
/** PostgreSQL replicas: each claims rows no other relay holds (only `o`, not the subquery). */
const CLAIM = new SqlStatement(`${READY} FOR UPDATE OF o SKIP LOCKED`);

export async function readReadyRows(
  tx: EntityManager,
  limit: number,
  { claim = false } = {},
): Promise<OutboxRow[]> {
  const now = new Date().toISOString();
  const { rows } = await (claim ? CLAIM : READ).run(tx, [now, now, limit]);
  return rows as unknown as OutboxRow[];
}
