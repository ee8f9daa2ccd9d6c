import { Controller, Inject } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { OneWayContract } from '@railyard/contracts';
import { RailyardContext } from '@railyard/messaging';
import { AnySagaDefinition, replyContractsOf } from '../definition/saga-definition';
import { SAGA_DEFINITIONS } from '../orchestrator/saga.tokens';
import { SagaReplyReceived } from './saga-reply-received.event';
import { Settlement } from './settlement';

/** Bound on one reply's processing; past it the bus retries (the inbox makes that safe). */
const SAGA_REPLY_SETTLE_MS = 30_000;

/**
 * Takes the replies to the sagas' commands off the bus: each goes on the CQRS EventBus as a
 * SagaReplyReceived for the @Saga() stream (SagaEventRouter). The bus acks it when its Settlement
 * resolves, once the orchestrator committed what the reply caused, and retries it when that
 * rejects (the transaction failed, or nothing settled within SAGA_REPLY_SETTLE_MS).
 *
 * It listens to the sagas' reply types, known once Nest has built the saga classes (they are
 * declared on their instances), so the constructor sets its pattern. That is in time: Nest builds
 * every provider and controller of an app before it reads patterns, when the bus is connected
 * (`connectMicroservice` registers listeners). Nest reads them from the class: an app has one
 * SagaModule (its @Saga() stream and command handler are app-wide), and two apps in one process
 * with different sagas must each connect their bus before the next is built.
 */
@Controller()
export class SagaReplyController {
  private readonly replies: ReadonlyMap<string, OneWayContract>;

  constructor(
    private readonly events: EventBus,
    @Inject(SAGA_DEFINITIONS) sagas: AnySagaDefinition[],
  ) {
    this.replies = replyContractsOf(sagas);
    const handle = Object.getOwnPropertyDescriptor(SagaReplyController.prototype, 'handle')!;
    EventPattern([...this.replies.keys()])(SagaReplyController.prototype, 'handle', handle);
  }

  handle(@Ctx() ctx: RailyardContext): Promise<void> {
    const envelope = ctx.getEnvelope();
    const contract = this.replies.get(envelope.type);
    if (!contract) throw new Error(`no saga awaits ${envelope.type}`);
    const settlement = new Settlement(
      SAGA_REPLY_SETTLE_MS,
      `saga reply ${envelope.type} ${envelope.messageId}`,
    );
    this.events.publish(new SagaReplyReceived(contract, envelope, settlement));
    return settlement.settled;
  }
}
