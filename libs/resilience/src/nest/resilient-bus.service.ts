import { randomUUID } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import { MessageBus, RequestOptions } from '@railyard/messaging';
import { ResilienceRegistry } from '../registry/resilience-registry';

export interface ResilientRequestOptions extends Omit<RequestOptions, 'timeoutMs'> {
  /** Whether a failed attempt may be sent again (a query, or a command with an idempotency key). */
  idempotent: boolean;
  /** A state-changing request: the target's command timeouts apply (ResilienceSettings.commands). */
  command?: boolean;
}

/**
 * MessageBus.request through the target's policy: what a ClientProxy wrapper is to Nest's own
 * transports. Each attempt is a new request whose timeout is what the attempt has left, so the
 * bus forgets it (and a broker may drop it) when the policy stops waiting. Every attempt of one
 * call carries one message id: a target that records it (Inbox.request) answers a retry of a
 * request it already served, late, without acting again.
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
    { idempotent, command, messageId = randomUUID(), ...options }: ResilientRequestOptions,
  ): Promise<TResult> {
    const bus = this.bus;
    if (!bus) throw new Error('ResilientBus needs a MessagingModule in the application');
    return this.registry.get(target).execute(
      ({ timeoutMs }) =>
        bus.request<TResult, TPayload>(target, pattern, payload, {
          ...options,
          messageId,
          timeoutMs,
        }),
      { idempotent, command },
    );
  }
}
