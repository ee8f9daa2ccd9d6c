import { PipeTransform } from '@nestjs/common';
import { z } from 'zod/v4';
import { fieldProblems } from './field-problems';
import { invalidRequest } from './invalid-request';
import { problemMessage } from './problem-messages';

/**
 * Parses one request argument (the body, the path parameters) with its schema and hands the
 * handler what the schema outputs, or answers 400 naming every bad field at once. The gateway's
 * schemas are strict objects (an unknown property is refused, not dropped: a typo should not
 * silently lose a field) and convert nothing implicitly ("1" is not a number). Pipes run before
 * the @Resilient policy: a refused request never counts against a downstream.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    if (!isParsedJson(value)) throw invalidRequest([{ field: '', problems: ['must be JSON'] }]);
    const result = parseMarkingCrashes(this.schema, value);
    if (result.success) return result.data;
    throw invalidRequest(fieldProblems(result.error.issues));
  }
}

/**
 * A body that is not JSON reaches the pipe as Express's raw parser left it, a Buffer: refused as a
 * whole, not byte by byte as unknown properties. JSON and path parameters are plain data.
 */
function isParsedJson(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return true;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A schema that throws is our bug (a 500), not the downstream's failure. Pipes run before the
 * @Resilient policy, but a validator that crashed once ran inside it, counted against the
 * downstream's breaker and was retried: one bad request opened the payment circuit for every
 * client (chaos suite, HTTP fuzz). Such an error still says through the failure hints that it is
 * neither the downstream's failure nor retryable, wherever it runs.
 */
function parseMarkingCrashes<S extends z.ZodType>(schema: S, value: unknown) {
  try {
    return schema.safeParse(value, { error: problemMessage });
  } catch (error) {
    if (typeof error === 'object' && error !== null) {
      Object.assign(error, { downstreamFailure: false, retryable: false });
    }
    throw error;
  }
}
