/** What the relay reads of an outbox row. */
export interface OutboxRow {
  sequence: number;
  messageId: string;
  /** Null only for a row inserted raw without it: such a row is ordered with nothing. */
  aggregateId: string | null;
  attempts: number;
  /** The stored envelope, as JSON. */
  envelope: string;
}
