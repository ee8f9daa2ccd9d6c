/**
 * Which send a reply answers, carried as `reply-*` headers that services copy from a command onto
 * their reply (libs/contracts replyHeaders). `<step>.<a|c>.<attempt>`: action or compensation.
 */
export const SAGA_ID_HEADER = 'reply-saga-id';
export const SAGA_STEP_HEADER = 'reply-saga-step';

export type Phase = 'action' | 'compensation';

export interface ReplyTag {
  step: number;
  phase: Phase;
  attempt: number;
}

export function formatReplyTag({ step, phase, attempt }: ReplyTag): string {
  return `${step}.${phase === 'action' ? 'a' : 'c'}.${attempt}`;
}

export function parseReplyTag(text: string | undefined): ReplyTag | undefined {
  const match = /^(\d{1,4})\.([ac])\.(\d{1,6})$/.exec(text ?? '');
  if (!match) return undefined;
  return {
    step: Number(match[1]),
    phase: match[2] === 'a' ? 'action' : 'compensation',
    attempt: Number(match[3]),
  };
}
