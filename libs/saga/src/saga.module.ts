import { DynamicModule, Module } from '@nestjs/common';
import { z } from 'zod';
import { envInt, parseEnv } from '@railyard/platform';
import { AdvanceSagaHandler } from './cqrs/advance-saga.handler';
import { sagaReplyController } from './cqrs/saga-reply.controller';
import { SagaEventRouter } from './cqrs/saga-event.router';
import { AnySagaDefinition, replyTypesOf } from './definition/saga-definition';
import { SagaSettings } from './machine/saga-settings';
import { SagaDeadlineScheduler } from './orchestrator/saga-deadline.scheduler';
import { SagaOrchestrator } from './orchestrator/saga-orchestrator';
import { SAGA_DEFINITIONS, SAGA_SETTINGS, SAGA_TICK_MS } from './orchestrator/saga.tokens';
import { FindSagasHandler } from './queries/find-sagas.handler';

/** Every SAGA_* variable, with its default (documented in .env.example). */
export const sagaEnvSchema = z.object({
  SAGA_STEP_DEADLINE_MS: envInt(100, 86_400_000).default(30_000),
  SAGA_COMPENSATION_ATTEMPTS: envInt(1, 1_000).default(8),
  SAGA_COMPENSATION_BASE_MS: envInt(10, 3_600_000).default(2_000),
  SAGA_COMPENSATION_MAX_MS: envInt(10, 86_400_000).default(30_000),
  SAGA_TICK_MS: envInt(10, 60_000).default(250),
});

export function sagaSettingsFromEnv(env = process.env): { settings: SagaSettings; tickMs: number } {
  const e = parseEnv(sagaEnvSchema, env);
  return {
    settings: {
      stepDeadlineMs: e.SAGA_STEP_DEADLINE_MS,
      compensation: {
        maxAttempts: e.SAGA_COMPENSATION_ATTEMPTS,
        baseDelayMs: e.SAGA_COMPENSATION_BASE_MS,
        maxDelayMs: Math.max(e.SAGA_COMPENSATION_BASE_MS, e.SAGA_COMPENSATION_MAX_MS),
      },
    },
    tickMs: e.SAGA_TICK_MS,
  };
}

export interface SagaModuleOptions {
  sagas: AnySagaDefinition[];
}

/**
 * Durable orchestrated sagas for a service that has PersistenceModule (its tables: sagaModel) and
 * CqrsModule.forRoot(). Replies to the sagas' commands are consumed from the bus by a generated
 * controller, routed through the CQRS EventBus and a @Saga() stream to the orchestrator.
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
        { provide: SAGA_SETTINGS, useFactory: () => sagaSettingsFromEnv().settings },
        { provide: SAGA_TICK_MS, useFactory: () => sagaSettingsFromEnv().tickMs },
        SagaOrchestrator,
        SagaDeadlineScheduler,
        SagaEventRouter,
        AdvanceSagaHandler,
        FindSagasHandler,
      ],
      exports: [SagaOrchestrator, SagaDeadlineScheduler],
    };
  }
}
