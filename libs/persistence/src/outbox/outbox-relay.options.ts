import { z } from 'zod';
import { envInt } from '@railyard/platform';

export const outboxEnvSchema = z.object({
  OUTBOX_POLL_INTERVAL_MS: envInt(10, 60_000).default(250),
  OUTBOX_BATCH_SIZE: envInt(1, 10_000).default(100),
  OUTBOX_RETRY_BASE_MS: envInt(1, 3_600_000).default(200),
  OUTBOX_RETRY_MAX_MS: envInt(1, 86_400_000).default(30_000),
  OUTBOX_PARK_AFTER_ATTEMPTS: envInt(0, 1_000_000).default(0),
});

export interface OutboxRelayOptions {
  /** Idle wait between scans when nothing was committed (a commit that staged messages wakes the relay at once). */
  pollIntervalMs: number;
  batchSize: number;
  /** First wait of an aggregate after a transient publish failure; doubles, capped by retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Park a row after this many transient failures; 0 = never (only permanent failures park). */
  parkAfterAttempts: number;
}

export function outboxRelayOptionsFrom(env: z.output<typeof outboxEnvSchema>): OutboxRelayOptions {
  return {
    pollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS,
    batchSize: env.OUTBOX_BATCH_SIZE,
    retryBaseMs: env.OUTBOX_RETRY_BASE_MS,
    retryMaxMs: env.OUTBOX_RETRY_MAX_MS,
    parkAfterAttempts: env.OUTBOX_PARK_AFTER_ATTEMPTS,
  };
}

export const OUTBOX_RELAY_OPTIONS = Symbol('OUTBOX_RELAY_OPTIONS');
