import { Injectable, Optional } from '@nestjs/common';
import { PayloadInput, RequestContract, ResultOf } from '@railyard/contracts';
import { MessageBus, RequestOptions } from '@railyard/messaging';
import { ResilienceRegistry } from '../registry/resilience-registry';
import { timeOrderedUuid } from '@railyard/platform';

export interface ResilientRequestOptions extends Omit<RequestOptions, 'timeoutMs'> {
  /**
   * Whether a failed attempt may be sent again. Defaults to true for a query; a command is
   * idempotent only when its handler deduplicates (an idempotency key, Inbox.request).
   */
  idempotent?: boolean;
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

  request<C extends RequestContract>(
    contract: C,
    payload: PayloadInput<C>,
    {
      idempotent = contract.kind === 'query',
      messageId = timeOrderedUuid(),
      ...options
    }: ResilientRequestOptions = {},
  ): Promise<ResultOf<C>> {
    const bus = this.bus;
    if (!bus) throw new Error('ResilientBus needs a MessagingModule in the application');
    return this.registry.get(contract.service).execute(
      ({ timeoutMs }) => bus.request(contract, payload, { ...options, messageId, timeoutMs }),
      // A command's own timeouts apply (ResilienceSettings.commands): it changes state.
      { idempotent, command: contract.kind === 'command' },
    );
  }
}
