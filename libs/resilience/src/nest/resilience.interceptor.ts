import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { defer, lastValueFrom, Observable } from 'rxjs';
import { ResilienceRegistry } from '../registry/resilience-registry';
import { isIdempotentRequest } from './idempotent-request';
import { ResilientMetadata } from './resilient-metadata';
import { CURRENT_ATTEMPT, RESILIENT_METADATA } from './resilience.tokens';

/**
 * Runs a handler through its downstream's policy (see @Resilient). The handler as a whole is the
 * guarded call: a retry calls it again (Nest's `next.handle()` is deferred), so it must not have
 * answered yet — it returns its result, or writes the response only once it has one. Whatever it
 * ends with short of a failure counts as the downstream's success, a 4xx it throws included
 * (pipes run inside interceptors, so a validation error does too). A half-open circuit's trial
 * can thus pass on a bad request; with a success threshold of 2 or more, real calls still decide.
 * For request/response handlers: a streaming handler's values would collapse into its last one.
 */
@Injectable()
export class ResilienceInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly registry: ResilienceRegistry,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const metadata = this.reflector.getAllAndOverride<ResilientMetadata | undefined>(
      RESILIENT_METADATA,
      [context.getHandler(), context.getClass()],
    );
    if (!metadata) return next.handle();
    const policy = this.registry.get(metadata.downstream);
    const idempotent = metadata.idempotent ?? isIdempotentRequest(context);
    const request =
      context.getType() === 'http'
        ? context.switchToHttp().getRequest<Record<symbol, unknown>>()
        : undefined;
    return defer(() =>
      policy.execute(
        (attempt) => {
          if (request) request[CURRENT_ATTEMPT] = attempt;
          return lastValueFrom(next.handle(), { defaultValue: undefined });
        },
        { idempotent },
      ),
    );
  }
}
