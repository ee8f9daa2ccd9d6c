import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ResilienceInterceptor } from './resilience.interceptor';
import { ResilientMetadata, ResilientOptions } from './resilient-metadata';
import { RESILIENT_METADATA } from './resilience.tokens';

/**
 * Guards a handler (or every handler of a controller) that calls one downstream with that
 * downstream's shared policy: budget, bulkhead, retry, breaker, attempt timeout. The handler
 * reads its attempt's deadline with `@CurrentAttempt()`. E.g. `@Resilient('payment')` on a
 * handler that asks payment-service for an account.
 */
export function Resilient(downstream: string, options: ResilientOptions = {}) {
  return applyDecorators(
    SetMetadata<string, ResilientMetadata>(RESILIENT_METADATA, { downstream, ...options }),
    UseInterceptors(ResilienceInterceptor),
  );
}
