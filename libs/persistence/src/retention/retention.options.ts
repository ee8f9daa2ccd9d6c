import { z } from 'zod';
import { envInt } from '@railyard/platform';

const HOUR_MS = 3_600_000;

export const retentionEnvSchema = z.object({
  OUTBOX_RETENTION_HOURS: envInt(0, 1_000_000).default(168),
  INBOX_RETENTION_HOURS: envInt(0, 1_000_000).default(720),
  OUTBOX_RETENTION_SWEEP_INTERVAL_MS: envInt(10, 86_400_000).default(300_000),
  OUTBOX_RETENTION_BATCH_SIZE: envInt(1, 100_000).default(1_000),
});

export interface RetentionOptions {
  /** Sent outbox rows older than this are deleted; 0 keeps them forever. */
  outboxMs: number;
  /**
   * Inbox rows older than this are deleted; 0 keeps them forever. A redelivery older than the
   * window would be applied again: keep it well above any broker's retention and replay horizon.
   */
  inboxMs: number;
  sweepIntervalMs: number;
  /** Rows deleted per statement (and transaction): a sweep never holds the writer long. */
  batchSize: number;
}

export function retentionOptionsFrom(env: z.output<typeof retentionEnvSchema>): RetentionOptions {
  return {
    outboxMs: env.OUTBOX_RETENTION_HOURS * HOUR_MS,
    inboxMs: env.INBOX_RETENTION_HOURS * HOUR_MS,
    sweepIntervalMs: env.OUTBOX_RETENTION_SWEEP_INTERVAL_MS,
    batchSize: env.OUTBOX_RETENTION_BATCH_SIZE,
  };
}

export const RETENTION_OPTIONS = Symbol('RETENTION_OPTIONS');
