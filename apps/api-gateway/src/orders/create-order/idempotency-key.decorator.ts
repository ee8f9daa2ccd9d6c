import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { IDEMPOTENCY_KEY_PATTERN } from '@railyard/contracts';
import { invalidRequest } from '../../http/invalid-request';

export function parseIdempotencyKey(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && IDEMPOTENCY_KEY_PATTERN.test(value)) return value;
  throw invalidRequest([
    { field: 'Idempotency-Key', problems: ['must be 1 to 128 visible characters'] },
  ]);
}

/** The Idempotency-Key header: absent, or 1 to 128 visible characters (400 otherwise). */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined =>
    parseIdempotencyKey(
      context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers[
        'idempotency-key'
      ],
    ),
);
