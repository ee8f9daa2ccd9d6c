import { Injectable, Optional } from '@nestjs/common';
import { MessageBus, RequestOptions } from '@railyard/messaging';
import { ResilienceRegistry } from '../registry/resilience-registry';

export interface ResilientRequestOptions extends Omit<RequestOptions, 'timeoutMs'> {
  /** Whether a failed attempt may be sent again (a query, or a command with an idempotency key). */
  idempotent: boolean;
}

/**
 * MessageBus.request through the target's policy: what a ClientProxy wrapper is to Nest's own
 * transports. Each attempt is a new request whose timeout is what the attempt has left, so the
 * bus forgets it (and a broker may drop it) when the policy stops waiting.
 */
@Injectable()
export class ResilientBus {
  constructor(
    private readonly registry: ResilienceRegistry,
    @Optional() private readonly bus?: MessageBus,
  ) {}

  request<TResult = unknown, TPayload = unknown>(
    target: string,
    pattern: string,
    payload: TPayload,
    { idempotent, ...options }: ResilientRequestOptions,
  ): Promise<TResult> {
    const bus = this.bus;
    if (!bus) throw new Error('ResilientBus needs a MessagingModule in the application');
    return this.registry
      .get(target)
      .execute(
        ({ timeoutMs }) =>
          bus.request<TResult, TPayload>(target, pattern, payload, { ...options, timeoutMs }),
        { idempotent },
      );
  }
}
