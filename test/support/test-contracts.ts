import { defineEvent } from '@railyard/contracts';
import { z } from 'zod/v4';

/** Events of no real service, for the libs' own specs (outbox, relay, inbox). */
export const AggregateStep = defineEvent({
  type: 'agg.step',
  service: 'agg',
  summary: 'one step of a test aggregate',
  payload: z.object({ i: z.number().int() }),
});

export const CounterBumped = defineEvent({
  type: 'counter.bumped',
  service: 'counter',
  summary: 'a test counter moved',
  payload: z.object({ name: z.string(), i: z.number().int() }),
});
