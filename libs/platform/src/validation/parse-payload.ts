import { CodedError } from '../errors/coded.error';

/** What parsePayload needs of a schema: zod's safeParse (its v3 and v4 APIs both fit). */
export interface PayloadSchema<T> {
  safeParse(
    value: unknown,
  ):
    { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<PayloadIssue> } };
}

export interface PayloadIssue {
  readonly path: ReadonlyArray<PropertyKey>;
  readonly message: string;
}

/**
 * Validates a payload off the bus against a zod schema. A bad one fails the same way on every
 * retry, so it is a CodedError that is not retryable: an event goes straight to the dead letter, a
 * request is answered with the code. Every bad field is named at once.
 */
export function parsePayload<T>(
  schema: PayloadSchema<T>,
  payload: unknown,
  { code = 'INVALID_MESSAGE', what = 'payload' }: { code?: string; what?: string } = {},
): T {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.map(String).join('.') || '(payload)'}: ${issue.message}`,
  );
  throw new CodedError(code, `invalid ${what}: ${problems.join('; ')}`, {
    issues: result.error.issues,
  });
}
