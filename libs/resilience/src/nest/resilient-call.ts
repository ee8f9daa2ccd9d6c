import { ExecutionContext } from '@nestjs/common';
import { AttemptContext } from '../policies/resilience-policy';
import { isCommandRequest, isIdempotentRequest } from './idempotent-request';

/**
 * One request to a @Resilient handler: what the request says about it (may it be retried, does it
 * change state) and the attempt running now. Nest resolves it as a hidden last parameter of the
 * guarded handler (see Resilient), so it reaches the policy after the pipes without an interceptor
 * or an AsyncLocalStorage: both cost more per request than the policy itself (bench/README.md).
 */
export class ResilientCall {
  attempt?: AttemptContext;
  /** What @CurrentAttempt() hands the handler: reads the attempt running when it is read. */
  readonly current: AttemptContext = new CurrentAttemptView(this);

  constructor(
    /** An idempotent method, or an Idempotency-Key: retrying repeats nothing. */
    readonly idempotentRequest: boolean,
    /** A state-changing request: the downstream's command timeouts apply. */
    readonly command: boolean,
  ) {}
}

class CurrentAttemptView implements AttemptContext {
  constructor(private readonly call: ResilientCall) {}
  get signal(): AbortSignal {
    return this.call.attempt?.signal as AbortSignal;
  }
  get timeoutMs(): number {
    return this.call.attempt?.timeoutMs as number;
  }
  get attempt(): number {
    return this.call.attempt?.attempt as number;
  }
}

const CALL = Symbol('railyard:resilient-call');

/**
 * The call of the request being handled: one per HTTP request, shared by the hidden parameter and
 * @CurrentAttempt() whichever Nest resolves first. Outside HTTP a call is never retried.
 */
export function resilientCallOf(context: ExecutionContext): ResilientCall {
  if (context.getType() !== 'http') return new ResilientCall(false, false);
  const request = context.switchToHttp().getRequest<Record<symbol, ResilientCall | undefined>>();
  return (request[CALL] ??= new ResilientCall(
    isIdempotentRequest(context),
    isCommandRequest(context),
  ));
}
