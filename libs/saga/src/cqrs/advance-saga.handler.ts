import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SagaOrchestrator } from '../orchestrator/saga-orchestrator';
import { AdvanceSagaCommand } from './advance-saga.command';

/**
 * Never throws: the outcome goes to the settlement, so the bus handler can retry, and the @Saga()
 * stream that produced the command lives on for the next event (cqrs#1838).
 */
@CommandHandler(AdvanceSagaCommand)
export class AdvanceSagaHandler implements ICommandHandler<AdvanceSagaCommand> {
  constructor(private readonly orchestrator: SagaOrchestrator) {}

  async execute({ envelope, settlement }: AdvanceSagaCommand): Promise<void> {
    try {
      await this.orchestrator.handleReply(envelope);
      settlement.resolve();
    } catch (error) {
      settlement.reject(error);
    }
  }
}
