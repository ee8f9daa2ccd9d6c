import { DataSource } from 'typeorm';

/** Unsent rows the relay still publishes, or parked ones that wait for an operator (OutboxAdmin). */
export type OutboxBacklogState = 'pending' | 'parked';

export interface OutboxBacklogPart {
  messages: number;
  /** Age of the oldest of them when read, in seconds; 0 when there is none. */
  oldestAgeSeconds: number;
}

export type OutboxBacklog = Record<OutboxBacklogState, OutboxBacklogPart>;

/**
 * One statement over unsent rows only (the `outbox_message_unsent` index leads with sent_at), so
 * its cost is the backlog's, small while the relay keeps up. Pending and parked apart: a parked
 * row stays until an operator acts, and would otherwise hide how far the relay lags.
 */
const BACKLOG =
  "SELECT CASE WHEN parked_at IS NULL THEN 'pending' ELSE 'parked' END AS \"state\", " +
  'COUNT(*) AS "messages", MIN(created_at) AS "oldest" ' +
  'FROM outbox_message WHERE sent_at IS NULL GROUP BY 1';

/**
 * The outbox's unsent rows now, read outside a unit of work: a sample must not queue behind the
 * writers' turns on SQLite, where it may then count a row of a transaction not yet committed.
 */
export async function readOutboxBacklog(dataSource: DataSource): Promise<OutboxBacklog> {
  const rows: Array<{ state: OutboxBacklogState; messages: string | number; oldest: string }> =
    await dataSource.query(BACKLOG);
  const now = Date.now();
  const backlog: OutboxBacklog = {
    pending: { messages: 0, oldestAgeSeconds: 0 },
    parked: { messages: 0, oldestAgeSeconds: 0 },
  };
  for (const row of rows) {
    backlog[row.state] = {
      // COUNT is a bigint on PostgreSQL, which the driver hands over as a string.
      messages: Number(row.messages),
      // created_at is an ISO string, written by the service's clock (Outbox.add).
      oldestAgeSeconds: Math.max(0, (now - Date.parse(row.oldest)) / 1000),
    };
  }
  return backlog;
}
