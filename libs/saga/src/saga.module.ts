import { DynamicModule, Module } from '@nestjs/common';
import { sagaOptionsFromEnv, SagaOptions } from './config/saga.config';
import { AdvanceSagaHandler } from './cqrs/advance-saga.handler';
import { sagaReplyController } from './cqrs/saga-reply.controller';
import { SagaEventRouter } from './cqrs/saga-event.router';
import { AnySagaDefinition, replyTypesOf } from './definition/saga-definition';
import { StuckSagas } from './health/stuck-sagas';
import { SagaDeadlineScheduler } from './orchestrator/saga-deadline.scheduler';
import { SagaOrchestrator } from './orchestrator/saga-orchestrator';
import { SAGA_DEFINITIONS, SAGA_OPTIONS, SAGA_SETTINGS } from './orchestrator/saga.tokens';
import { FindSagasHandler } from './queries/find-sagas.handler';
import { SagaRetentionSweeper } from './retention/saga-retention.sweeper';

export interface SagaModuleOptions {
  sagas: AnySagaDefinition[];
}

/**
 * Durable orchestrated sagas for a service that has PersistenceModule (its tables: sagaModel) and
 * CqrsModule.forRoot(). Replies to the sagas' commands are consumed from the bus by a generated
 * controller, routed through the CQRS EventBus and a @Saga() stream to the orchestrator. For
 * /health: `HealthModule.forRoot({ checks: [SagaHealthIndicator], imports: [<a module exporting
 * this one>] })`.
 */
@Module({})
export class SagaModule {
  static forRoot({ sagas }: SagaModuleOptions): DynamicModule {
    return {
      module: SagaModule,
      controllers: [sagaReplyController(replyTypesOf(sagas))],
      providers: [
        { provide: SAGA_DEFINITIONS, useValue: sagas },
        // Read when the app is created, not when this module is imported.
        { provide: SAGA_OPTIONS, useFactory: () => sagaOptionsFromEnv() },
        {
          provide: SAGA_SETTINGS,
          useFactory: (options: SagaOptions) => options.settings,
          inject: [SAGA_OPTIONS],
        },
        SagaOrchestrator,
        SagaDeadlineScheduler,
        SagaRetentionSweeper,
        StuckSagas,
        SagaEventRouter,
        AdvanceSagaHandler,
        FindSagasHandler,
      ],
      exports: [SagaOrchestrator, SagaDeadlineScheduler, SagaRetentionSweeper, StuckSagas],
    };
  }
}
