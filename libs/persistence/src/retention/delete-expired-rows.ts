import { SqlStatement } from '../unit-of-work/sql-statement';
import { UnitOfWork } from '../unit-of-work/unit-of-work';

/**
 * Sent outbox rows only: an unsent row (pending, retrying or parked, all with sent_at null) is
 * never deleted, whatever its age. Oldest sent first, in the order of the (sent_at, sequence)
 * index, so a batch is a range read of it: ordered by sequence alone, every expired row was read
 * and sorted to find the first batch.
 */
const SENT_OUTBOX = new SqlStatement(
  'DELETE FROM outbox_message WHERE sequence IN (SELECT sequence FROM outbox_message ' +
    'WHERE sent_at IS NOT NULL AND sent_at < $1 ORDER BY sent_at, sequence LIMIT $2)',
);

/** Oldest processed first, a range read of the processed_at index (RetentionIndexes migration). */
const PROCESSED_INBOX = new SqlStatement(
  'DELETE FROM inbox_message WHERE (message_id, consumer) IN (SELECT message_id, consumer ' +
    'FROM inbox_message WHERE processed_at < $1 ORDER BY processed_at LIMIT $2)',
);

export const EXPIRED = { sentOutbox: SENT_OUTBOX, processedInbox: PROCESSED_INBOX };

/**
 * Deletes the rows `statement` selects as older than `before`, `batchSize` per transaction, until
 * a batch comes back short. Resolves to how many were deleted.
 */
export async function deleteExpiredRows(
  uow: UnitOfWork,
  statement: SqlStatement,
  before: Date,
  batchSize: number,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const { affected } = await uow.run((tx) =>
      statement.run(tx, [before.toISOString(), batchSize]),
    );
    deleted += affected;
    if (affected < batchSize) return deleted;
  }
}
