import { EntityManager } from 'typeorm';
import { OutboxRow } from './outbox-row';

/** Namespace of the relay's advisory locks (the first key of the two-key form). */
const LOCK_SPACE = "hashtext('railyard.outbox')";

/**
 * PostgreSQL, several relays: keeps only rows this relay may publish without reordering their
 * aggregate (issue 14 point 3). SKIP LOCKED alone let relay B claim an aggregate's later rows
 * while relay A was still publishing its earlier ones. Per aggregate, inside the claiming
 * transaction:
 * - a transaction-scoped advisory lock: one relay publishes an aggregate at a time;
 * - its claimed rows must be the head of the aggregate's unsent rows: an unsent row before them
 *   that this relay does not hold (claimed by another relay, not yet committed) cuts the lane
 *   there. The lock alone would not do: B could take it between A's claim and A's lock.
 * Both end with the transaction, after the rows are marked sent.
 */
export async function keepAggregateHeads(
  tx: EntityManager,
  rows: OutboxRow[],
): Promise<OutboxRow[]> {
  const aggregates = [
    ...new Set(rows.flatMap((row) => (row.aggregateId === null ? [] : [row.aggregateId]))),
  ];
  if (aggregates.length === 0) return rows;
  const locked: { aggregateId: string }[] = await tx.query(
    `SELECT a AS "aggregateId" FROM unnest($1::text[]) AS a ` +
      `WHERE pg_try_advisory_xact_lock(${LOCK_SPACE}, hashtext(a))`,
    [aggregates],
  );
  const mine = new Set(locked.map((row) => row.aggregateId));
  const gaps: { aggregateId: string; gap: number }[] = await tx.query(
    'SELECT aggregate_id AS "aggregateId", MIN(sequence) AS "gap" FROM outbox_message ' +
      'WHERE sent_at IS NULL AND aggregate_id = ANY($1::text[]) AND NOT (sequence = ANY($2::int[])) ' +
      'GROUP BY aggregate_id',
    [[...mine], rows.map((row) => row.sequence)],
  );
  const gapOf = new Map(gaps.map((row) => [row.aggregateId, Number(row.gap)]));
  return rows.filter(
    (row) =>
      row.aggregateId === null ||
      (mine.has(row.aggregateId) && row.sequence < (gapOf.get(row.aggregateId) ?? Infinity)),
  );
}
