import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SagaOrchestrator } from '../orchestrator/saga-orchestrator';
import { AdvanceSagaCommand } from './advance-saga.command';

/**
 * Hands the reply to the orchestrator and settles with the outcome of its transaction. Never
 * throws (Settlement.settleWith): the outcome goes to the bus, which acks or retries, and the
 * @Saga() stream that produced the command lives on for the next reply (cqrs#1838).
 */
@CommandHandler(AdvanceSagaCommand)
export class AdvanceSagaHandler implements ICommandHandler<AdvanceSagaCommand> {
  constructor(private readonly orchestrator: SagaOrchestrator) {}

  execute({ reply, settlement }: AdvanceSagaCommand): Promise<void> {
    return settlement.settleWith(() => this.orchestrator.handleReply(reply));
  }
}
