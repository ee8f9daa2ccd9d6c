import {
  DEAD_LETTER_LIMITS,
  deadLetterEdit,
  deadLetterId,
  deadLetterOutcome,
  deadLetterPage,
  deadLetterSelection,
  deadLetterView,
  SERVICES,
} from '@railyard/contracts';
import { z } from 'zod/v4';
import { apiSchema } from '../../http/api-schemas';

/** `:service`: a service on the bus (SERVICES, which the generator appends to). */
const service = z.enum(Object.keys(SERVICES) as [string, ...string[]]);

export const serviceParams = z.strictObject({ service });
export type ServiceParams = z.output<typeof serviceParams>;

export const deadLetterParams = z.strictObject({ service, id: deadLetterId });
export type DeadLetterParams = z.output<typeof deadLetterParams>;

/** `?limit=&after=`: query strings are text, so the limit is read as a number here. */
export const deadLetterListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(DEAD_LETTER_LIMITS.maxPerCall).default(50),
  after: deadLetterId.optional(),
});
export type DeadLetterListQuery = z.output<typeof deadLetterListQuery>;

export const deadLetterSelectionRequest = apiSchema('DeadLetterSelection', deadLetterSelection);
export type DeadLetterSelectionRequest = z.output<typeof deadLetterSelectionRequest>;

/** The corrected payload of one dead letter (the id is in the path). */
export const deadLetterEditRequest = apiSchema(
  'DeadLetterEdit',
  deadLetterEdit.pick({ payload: true }),
);
export type DeadLetterEditRequest = z.output<typeof deadLetterEditRequest>;

export const deadLetterResponse = apiSchema('DeadLetter', deadLetterView);
export const deadLetterPageResponse = apiSchema('DeadLetterPage', deadLetterPage);
export const deadLetterOutcomeResponse = apiSchema('DeadLetterOutcome', deadLetterOutcome);
