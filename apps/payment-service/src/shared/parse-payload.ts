import { z } from 'zod';
import { CodedError } from '@railyard/platform';

/**
 * A malformed message fails the same way on every retry: INVALID_MESSAGE (not retryable) sends an
 * event straight to the dead letter and answers a request with that code, instead of a crash.
 */
export function parsePayload<S extends z.ZodTypeAny>(schema: S, payload: unknown): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`);
  throw new CodedError('INVALID_MESSAGE', problems.join('; '), parsed.error.issues);
}
