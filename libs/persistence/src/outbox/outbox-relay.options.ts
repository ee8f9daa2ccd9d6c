import { z } from 'zod';
import { envInt } from '@railyard/platform';

export const outboxEnvSchema = z.object({
  OUTBOX_POLL_INTERVAL_MS: envInt(10, 60_000).default(250),
  OUTBOX_BATCH_SIZE: envInt(1, 10_000).default(100),
});

export interface OutboxRelayOptions {
  /** Idle wait between scans when nothing was committed (a commit wakes the relay at once). */
  pollIntervalMs: number;
  batchSize: number;
}

export const OUTBOX_RELAY_OPTIONS = Symbol('OUTBOX_RELAY_OPTIONS');
