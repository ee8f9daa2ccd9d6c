import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { defer, lastValueFrom, Observable } from 'rxjs';
import { ResilienceRegistry } from '../registry/resilience-registry';
import { isCommandRequest, isIdempotentRequest } from './idempotent-request';
import { currentAttemptOf, ResilientCall, resilientCalls } from './resilient-call';
import { ResilientMetadata } from './resilient-metadata';
import { CURRENT_ATTEMPT, RESILIENT_METADATA } from './resilience.tokens';

/**
 * Opens the call of a @Resilient handler: which policy, whether it may be retried (decided from
 * the request: its method and Idempotency-Key). The policy itself runs around the handler method
 * (guardHandler), after the pipes, so validation answers first. Whatever the handler ends with
 * short of a failure counts as the downstream's success, a 4xx it throws included. A half-open
 * circuit's trial can thus pass on a request the handler refuses; with a success threshold of 2
 * or more, real calls still decide. For request/response handlers: a streaming handler's values
 * would collapse into its last one.
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
    const call: ResilientCall = {
      policy: this.registry.get(metadata.downstream),
      idempotent: metadata.idempotent ?? isIdempotentRequest(context),
      command: isCommandRequest(context),
    };
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<Record<symbol, unknown>>();
      request[CURRENT_ATTEMPT] = currentAttemptOf(call);
    }
    return defer(() =>
      resilientCalls.run(call, () => lastValueFrom(next.handle(), { defaultValue: undefined })),
    );
  }
}
