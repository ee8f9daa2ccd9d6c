import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AttemptContext } from '../policies/resilience-policy';
import { CURRENT_ATTEMPT } from './resilience.tokens';

/**
 * The attempt a @Resilient handler runs in: its abort signal and the time it may take (pass it
 * on as the bus request's timeout). Undefined when the handler is not guarded.
 */
export const CurrentAttempt = createParamDecorator(
  (_: unknown, context: ExecutionContext): AttemptContext | undefined =>
    context.switchToHttp().getRequest<Record<symbol, AttemptContext | undefined>>()[
      CURRENT_ATTEMPT
    ],
);
