import { z } from 'zod/v4';
import { defineQuery, defineCommand } from '../contract/message-contract';

/** What one admin call may touch or show: every dead-letter call is bounded (issue 17). */
export const DEAD_LETTER_LIMITS = {
  /** Dead letters per list, replay or discard call. */
  maxPerCall: 500,
  /** Bytes of a payload a listed dead letter shows. */
  maxPreviewBytes: 2 * 1024,
  /** Length of a dead-letter id (each transport chooses its form within it). */
  maxIdLength: 128,
} as const;

export const deadLetterId = z.string().min(1).max(DEAD_LETTER_LIMITS.maxIdLength);

export const deadLetterView = z.object({
  id: deadLetterId,
  messageId: z.string().optional(),
  type: z.string().optional(),
  destination: z.string(),
  reason: z.string(),
  error: z.string(),
  attempts: z.number().int().min(0),
  // Not z.record: its propertyNames is not OpenAPI 3.0 (the gateway documents this schema).
  headers: z.object({}).catchall(z.string()),
  payloadPreview: z.string(),
  payloadBytes: z.number().int().min(0),
  payloadTruncated: z.boolean(),
  deadLetteredAt: z.string(),
});
export type DeadLetterView = z.output<typeof deadLetterView>;

/** Ids to act on, or `all: true` (the first maxPerCall stored; call again for more). */
export const deadLetterSelection = z
  .strictObject({
    ids: z.array(deadLetterId).min(1).max(DEAD_LETTER_LIMITS.maxPerCall).optional(),
    all: z.literal(true).optional(),
  })
  .refine((selection) => (selection.ids === undefined) !== (selection.all === undefined), {
    message: 'give either ids or all: true',
  });

export type DeadLetterSelectionInput = z.input<typeof deadLetterSelection>;

export const deadLetterListQuery = z.object({
  limit: z.number().int().min(1).max(DEAD_LETTER_LIMITS.maxPerCall).default(50),
  after: deadLetterId.optional(),
});

/** A page of dead letters, oldest first; `next` is the `after` of the next page. */
export const deadLetterPage = z.object({
  entries: z.array(deadLetterView),
  next: deadLetterId.optional(),
});
export type DeadLetterPageView = z.output<typeof deadLetterPage>;

export const deadLetterOutcome = z.object({
  done: z.array(deadLetterId),
  missing: z.array(deadLetterId),
  remaining: z.number().int().min(0),
});
export type DeadLetterOutcomeView = z.output<typeof deadLetterOutcome>;

/** One dead letter to deliver again with a corrected payload (any JSON; its receiver parses it). */
export const deadLetterEdit = z.strictObject({
  id: deadLetterId,
  payload: z.unknown().refine((payload) => payload !== undefined, { message: 'give a payload' }),
});
export type DeadLetterEditInput = z.input<typeof deadLetterEdit>;

/**
 * The dead-letter admin requests every service answers (built into its bus: see
 * @railyard/messaging's dead-letter-admin.routes.ts), one set per service since a request's type
 * names its service. Only the gateway's admin routes send them; the bus itself is authenticated
 * (TCP HMAC, broker credentials), so a service trusts who can reach it.
 */
export function deadLetterAdminContracts(service: string) {
  return {
    list: defineQuery({
      type: `${service}.admin.dead-letters.list`,
      service,
      summary: "This service's dead letters, oldest first, a page at a time.",
      payload: deadLetterListQuery,
      result: deadLetterPage,
    }),
    show: defineQuery({
      type: `${service}.admin.dead-letters.show`,
      service,
      summary: 'One dead letter, or null once it is gone.',
      payload: z.object({ id: deadLetterId }),
      result: z.object({ entry: deadLetterView.nullable() }),
    }),
    replay: defineCommand({
      type: `${service}.admin.dead-letters.replay`,
      service,
      summary: 'Delivers dead letters again where they were consumed from, keeping message ids.',
      payload: deadLetterSelection,
      result: deadLetterOutcome,
    }),
    replayEdited: defineCommand({
      type: `${service}.admin.dead-letters.replay-edited`,
      service,
      summary:
        'Delivers one dead letter again with a corrected payload, keeping its message id, type, ' +
        'headers and destination.',
      payload: deadLetterEdit,
      result: deadLetterOutcome,
    }),
    discard: defineCommand({
      type: `${service}.admin.dead-letters.discard`,
      service,
      summary: 'Deletes dead letters for good.',
      payload: deadLetterSelection,
      result: deadLetterOutcome,
    }),
  };
}
export type DeadLetterAdminContracts = ReturnType<typeof deadLetterAdminContracts>;
