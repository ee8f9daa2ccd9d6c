import { DEAD_LETTER_LIMITS } from '@railyard/contracts';

/** At most this many dead letters per list, replay or discard call: every admin call is bounded. */
export const MAX_DEAD_LETTERS_PER_CALL = DEAD_LETTER_LIMITS.maxPerCall;
/** A listed dead letter shows at most this many bytes of its payload. */
export const MAX_PAYLOAD_PREVIEW_BYTES = DEAD_LETTER_LIMITS.maxPreviewBytes;

/** One stored dead letter, as an operator sees it. */
export interface DeadLetterEntry {
  /** Stable while the letter is stored; opaque (each transport chooses its form). */
  readonly id: string;
  /** The original message id: a replay keeps it, so the receiver's inbox deduplicates. */
  readonly messageId?: string;
  readonly type?: string;
  /** Where the message was consumed from, and where a replay delivers it again. */
  readonly destination: string;
  readonly reason: string;
  readonly error: string;
  readonly attempts: number;
  /** The message's own headers (the dead-letter headers are in the fields above). */
  readonly headers: Readonly<Record<string, string>>;
  /** The payload's first MAX_PAYLOAD_PREVIEW_BYTES, as UTF-8 text. */
  readonly payloadPreview: string;
  readonly payloadBytes: number;
  readonly payloadTruncated: boolean;
  /** ISO time the letter was stored. */
  readonly deadLetteredAt: string;
}

export interface DeadLetterPage {
  readonly entries: DeadLetterEntry[];
  /** Pass as `after` to read the next page; absent on the last page. */
  readonly next?: string;
}

/** Ids to act on, or 'all': the first MAX_DEAD_LETTERS_PER_CALL stored (call again for more). */
export type DeadLetterSelection = readonly string[] | 'all';

export interface DeadLetterOutcome {
  /** Replayed (handed back to the destination) or discarded. */
  readonly done: string[];
  /** Ids no longer (or never) stored. */
  readonly missing: string[];
  /** Letters still stored after this call (for a progress bar on 'all'). */
  readonly remaining: number;
}

/**
 * A transport's dead letters, for operators: read them, deliver them again to where they were
 * consumed from, or drop them. Replay delivers first and removes after, so a crash in between
 * gives a duplicate (the inbox deduplicates by message id), never a loss.
 */
export interface DeadLetterStore {
  list(query: { limit: number; after?: string }): Promise<DeadLetterPage>;
  show(id: string): Promise<DeadLetterEntry | undefined>;
  replay(selection: DeadLetterSelection): Promise<DeadLetterOutcome>;
  /**
   * Replays one letter with `body` in place of its payload: same message id, type, headers and
   * destination, so the receiver's inbox still deduplicates it (an operator's corrected payload).
   */
  replayEdited(id: string, body: Buffer): Promise<DeadLetterOutcome>;
  discard(selection: DeadLetterSelection): Promise<DeadLetterOutcome>;
  /** How many letters are stored, counting no further than `cap`. */
  count(cap: number): Promise<number>;
}

/** Refuses a selection larger than one call may act on, or an empty one. */
export function assertSelection(selection: DeadLetterSelection): void {
  if (selection === 'all') return;
  if (selection.length === 0) throw new RangeError('select at least one dead letter id, or all');
  if (selection.length > MAX_DEAD_LETTERS_PER_CALL) {
    throw new RangeError(
      `at most ${MAX_DEAD_LETTERS_PER_CALL} dead letters per call (got ${selection.length})`,
    );
  }
}

/** Refuses a page size outside 1..MAX_DEAD_LETTERS_PER_CALL. */
export function assertLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_DEAD_LETTERS_PER_CALL) {
    throw new RangeError(`limit must be an integer in 1..${MAX_DEAD_LETTERS_PER_CALL}`);
  }
}
