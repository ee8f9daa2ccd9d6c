/** Timing of the orchestrator; every field has a default (SAGA_* variables). */
export interface SagaSettings {
  /** A step's deadline when the step declares none. */
  stepDeadlineMs: number;
  compensation: {
    /** Sends of one compensation before the saga ends FAILED. */
    maxAttempts: number;
    /** Wait for the first compensation reply; doubles per resend, capped. */
    baseDelayMs: number;
    maxDelayMs: number;
  };
}

export const DEFAULT_SAGA_SETTINGS: SagaSettings = {
  stepDeadlineMs: 30_000,
  compensation: { maxAttempts: 8, baseDelayMs: 2_000, maxDelayMs: 30_000 },
};
