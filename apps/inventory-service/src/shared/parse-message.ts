import { z } from 'zod';
import { CodedError } from '@railyard/platform';

/**
 * Validates a payload off the bus. A bad one is a CodedError('INVALID_MESSAGE'), not retryable:
 * on an event it goes straight to the dead letter, on a request the caller gets the code.
 */
export function parseMessage<S extends z.ZodTypeAny>(
  schema: S,
  payload: unknown,
  type: string,
): z.output<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`,
  );
  throw new CodedError('INVALID_MESSAGE', `invalid ${type}: ${problems.join('; ')}`, {
    issues: result.error.issues,
  });
}
