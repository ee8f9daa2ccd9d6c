import { z } from 'zod';
import { Env, envInt, parseEnv } from '@railyard/platform';
import { SagaSettings } from '../machine/saga-settings';

/** Every SAGA_* variable, with its default (documented in .env.example). */
export const sagaEnvSchema = z.object({
  SAGA_STEP_DEADLINE_MS: envInt(100, 86_400_000).default(30_000),
  SAGA_COMPENSATION_ATTEMPTS: envInt(1, 1_000).default(8),
  SAGA_COMPENSATION_BASE_MS: envInt(10, 3_600_000).default(2_000),
  SAGA_COMPENSATION_MAX_MS: envInt(10, 86_400_000).default(30_000),
  SAGA_COMPENSATION_STUCK_MAX_MS: envInt(10, 86_400_000).default(300_000),
  SAGA_STUCK_LOG_INTERVAL_MS: envInt(100, 86_400_000).default(60_000),
  SAGA_TICK_MS: envInt(10, 60_000).default(250),
  SAGA_RETENTION_DAYS: z.coerce.number().min(0).max(36_500).default(7),
  SAGA_RETENTION_BATCH: envInt(1, 100_000).default(500),
  SAGA_RETENTION_SWEEP_MS: envInt(10, 86_400_000).default(60_000),
});

/** How long terminal sagas are kept and how they are swept; 0 days turns deletion off. */
export interface SagaRetention {
  retentionMs: number;
  batch: number;
  sweepMs: number;
}

export interface SagaOptions {
  settings: SagaSettings;
  /** How often overdue sagas are looked for. */
  tickMs: number;
  /** Stuck sagas are summarised in the log at most this often. */
  stuckLogIntervalMs: number;
  retention: SagaRetention;
}

const DAY_MS = 86_400_000;

export type SagaConfig = z.output<typeof sagaEnvSchema>;

/** For code outside Nest: parses `env`, then maps it. */
export function sagaOptionsFromEnv(env: Env): SagaOptions {
  return sagaOptionsFrom(parseEnv(sagaEnvSchema, env));
}

/** The one place that maps the SAGA_* variables to the orchestrator's options. */
export function sagaOptionsFrom(e: SagaConfig): SagaOptions {
  const maxDelayMs = Math.max(e.SAGA_COMPENSATION_BASE_MS, e.SAGA_COMPENSATION_MAX_MS);
  return {
    settings: {
      stepDeadlineMs: e.SAGA_STEP_DEADLINE_MS,
      compensation: {
        stuckAfterAttempts: e.SAGA_COMPENSATION_ATTEMPTS,
        baseDelayMs: e.SAGA_COMPENSATION_BASE_MS,
        maxDelayMs,
        stuckMaxDelayMs: Math.max(maxDelayMs, e.SAGA_COMPENSATION_STUCK_MAX_MS),
      },
    },
    tickMs: e.SAGA_TICK_MS,
    stuckLogIntervalMs: e.SAGA_STUCK_LOG_INTERVAL_MS,
    retention: {
      retentionMs: Math.round(e.SAGA_RETENTION_DAYS * DAY_MS),
      batch: e.SAGA_RETENTION_BATCH,
      sweepMs: e.SAGA_RETENTION_SWEEP_MS,
    },
  };
}
