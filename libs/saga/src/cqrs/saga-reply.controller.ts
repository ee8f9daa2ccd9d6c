import { Controller, Type } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { RailyardContext } from '@railyard/messaging';
import { BusEventReceived } from './bus-event-received.event';

/** Bound on one reply's processing; past it the bus retries (the inbox makes that safe). */
const SETTLE_TIMEOUT_MS = 30_000;

/**
 * Builds the bus controller for the sagas' reply types (known only once the sagas are given,
 * hence a class made at module definition). It acks a reply only after the orchestrator
 * committed its effect.
 */
export function sagaReplyController(replyTypes: string[]): Type<unknown> {
  @Controller()
  class SagaReplyController {
    constructor(private readonly events: EventBus) {}

    handle(ctx: RailyardContext): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`saga reply not settled within ${SETTLE_TIMEOUT_MS} ms`)),
          SETTLE_TIMEOUT_MS,
        );
        const settle =
          <T>(fn: (value: T) => void) =>
          (value: T) => {
            clearTimeout(timer);
            fn(value);
          };
        this.events.publish(
          new BusEventReceived(ctx.getEnvelope(), {
            resolve: settle(resolve),
            reject: settle(reject),
          }),
        );
      });
    }
  }
  const descriptor = Object.getOwnPropertyDescriptor(SagaReplyController.prototype, 'handle')!;
  Ctx()(SagaReplyController.prototype, 'handle', 0);
  EventPattern(replyTypes)(SagaReplyController.prototype, 'handle', descriptor);
  return SagaReplyController;
}
