import { z } from 'zod';
import { CodedError } from '@railyard/platform';

/** Validates a message payload; a bad one is a permanent failure naming every bad field. */
export function parsePayload<S extends z.ZodTypeAny>(
  schema: S,
  payload: unknown,
  code: string,
): z.output<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const fields = result.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`);
  throw new CodedError(code, `invalid request: ${fields.join('; ')}`, { fields });
}
