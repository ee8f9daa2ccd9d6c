import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AttemptContext } from '../policies/resilience-policy';
import { RESILIENT_METADATA } from './resilience.tokens';
import { resilientCallOf } from './resilient-call';

/**
 * The attempt a @Resilient handler runs in: its abort signal and the time it may take (pass it
 * on as the bus request's timeout). Undefined when the handler is not guarded.
 */
export const CurrentAttempt = createParamDecorator(
  (_: unknown, context: ExecutionContext): AttemptContext | undefined => {
    const guarded =
      Reflect.hasMetadata(RESILIENT_METADATA, context.getHandler()) ||
      Reflect.hasMetadata(RESILIENT_METADATA, context.getClass());
    return guarded ? resilientCallOf(context).current : undefined;
  },
);
