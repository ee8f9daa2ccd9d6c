import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPORT_DIR = join(__dirname, '..', '..', '..', 'reports', 'chaos');
/** Rows of the run in progress: one JSON line each, from every test file (Jest workers too). */
export const ROWS_DIR = join(REPORT_DIR, '.rows');
/** When the run began (globalSetup writes it), for the run's time budget. */
export const STARTED_AT_FILE = join(ROWS_DIR, 'started-at');

/** One line of the chaos table: one scenario (a fault, or one kind of bad input) on one transport. */
export interface ChaosRow {
  transport: 'tcp' | 'rabbitmq' | 'kafka';
  scenario: string;
  /** Replays the scenario: CHAOS_SEED=<seed> npm run test:chaos. */
  seed: number;
  /** Orders placed (accepted by the gateway) during the scenario. */
  orders: number;
  /** Faults (or bad inputs) injected. */
  faults: number;
  /** Orders accepted but never found, or not terminal within the bound. */
  lost: number;
  /** Orders created twice for one idempotency key, charges past one per order, and the like. */
  duplicated: number;
  /** Messages that ended in a dead-letter destination during the scenario. */
  deadLettered: number;
  /**
   * Outbox rows parked during the scenario (a publish the bus refuses for good), counted apart
   * from unsent rows: a fault's own poison is expected there, any other one fails the scenario.
   */
  parked?: number;
  /** Longest time from an order's acceptance to its terminal status, ms (0 without orders). */
  maxTimeToTerminalMs: number;
  /** Every invariant held. */
  passed: boolean;
  /** What broke, or what the figures mean where the columns do not say it. */
  notes?: string;
}

/** Milliseconds since the run began; 0 when run without the project's globalSetup. */
export function runElapsedMs(): number {
  try {
    return Date.now() - Number(readFileSync(STARTED_AT_FILE, 'utf8'));
  } catch {
    return 0;
  }
}

/** Appends a row for the end-of-run table (test/chaos/support/chaos-summary.ts prints it). */
export function recordRow(row: ChaosRow): void {
  mkdirSync(ROWS_DIR, { recursive: true });
  appendFileSync(join(ROWS_DIR, `${process.pid}.jsonl`), `${JSON.stringify(row)}\n`);
}
