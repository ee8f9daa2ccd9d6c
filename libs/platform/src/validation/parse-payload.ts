import { z } from 'zod';
import { CodedError } from '../errors/coded.error';

/**
 * Validates a payload off the bus against a zod schema. A bad one fails the same way on every
 * retry, so it is a CodedError that is not retryable: an event goes straight to the dead letter, a
 * request is answered with the code. Every bad field is named at once.
 */
export function parsePayload<S extends z.ZodTypeAny>(
  schema: S,
  payload: unknown,
  { code = 'INVALID_MESSAGE', what = 'payload' }: { code?: string; what?: string } = {},
): z.output<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`,
  );
  throw new CodedError(code, `invalid ${what}: ${problems.join('; ')}`, {
    issues: result.error.issues,
  });
}
