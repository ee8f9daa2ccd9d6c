/**
 * Which send a reply answers, carried as `reply-*` headers that services copy from a command onto
 * their reply (libs/contracts replyHeaders). `<step>.<a|c>.<attempt>`: action or compensation.
 */
export const SAGA_ID_HEADER = 'reply-saga-id';
export const SAGA_STEP_HEADER = 'reply-saga-step';

export type Phase = 'action' | 'compensation';

/** The highest attempt a tag carries (9 digits, and within the 32-bit attempt column). */
export const MAX_TAGGED_ATTEMPT = 999_999_999;

export interface ReplyTag {
  step: number;
  phase: Phase;
  attempt: number;
}

export function formatReplyTag({ step, phase, attempt }: ReplyTag): string {
  return `${step}.${phase === 'action' ? 'a' : 'c'}.${attempt}`;
}

/**
 * Attempts up to 9 digits: compensations are resent until answered, and the tag must still read
 * after years at the default cap (or months at the smallest); the column is a 32-bit integer.
 */
export function parseReplyTag(text: string | undefined): ReplyTag | undefined {
  const match = /^(\d{1,4})\.([ac])\.(\d{1,9})$/.exec(text ?? '');
  if (!match) return undefined;
  return {
    step: Number(match[1]),
    phase: match[2] === 'a' ? 'action' : 'compensation',
    attempt: Number(match[3]),
  };
}
