import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { AppConfig, OPTIONAL_APP_CONFIG, requireAppConfig } from '@railyard/platform';
import { sagaEnvSchema, sagaOptionsFrom, SagaOptions } from './config/saga.config';
import { SagaAdminReader } from './admin/saga-admin.reader';
import { SagaAdminRoutes } from './admin/saga-admin.routes';
import { AdvanceSagaHandler } from './cqrs/advance-saga.handler';
import { SagaReplyController } from './cqrs/saga-reply.controller';
import { SagaEventRouter } from './cqrs/saga-event.router';
import { AnySagaDefinition } from './definition/saga-definition';
import { StuckSagas } from './health/stuck-sagas';
import { SagaDeadlineScheduler } from './orchestrator/saga-deadline.scheduler';
import { SagaOrchestrator } from './orchestrator/saga-orchestrator';
import { SAGA_DEFINITIONS, SAGA_OPTIONS, SAGA_SETTINGS } from './orchestrator/saga.tokens';
import { FindSagasHandler } from './queries/find-sagas.handler';
import { SagaRetentionSweeper } from './retention/saga-retention.sweeper';
import { SagaStatusPart } from './status/saga-status.part';
import { SagaClock, SystemSagaClock } from './orchestrator/saga-clock';

export interface SagaModuleOptions {
  /**
   * The saga classes: `@Injectable()`, implementing SagaDefinition, one per `type`. Nest builds
   * them, injecting what their constructors ask for; the orchestrator finds each by its `type`.
   */
  sagas: Type<AnySagaDefinition>[];
  /**
   * Modules exporting what the sagas inject. Global modules (PersistenceModule's Outbox,
   * UnitOfWork...) need not be listed.
   */
  imports?: ModuleMetadata['imports'];
}

/**
 * Durable orchestrated sagas for a service that has PersistenceModule (its tables: sagaModel) and
 * CqrsModule.forRoot():
 *
 * ```ts
 * SagaModule.forRoot({ imports: [OrderDomainModule], sagas: [OrderFulfilmentSaga] })
 * ```
 *
 * A reply to the sagas' commands goes SagaReplyController (bus) → SagaReplyReceived (EventBus) →
 * SagaEventRouter (@Saga()) → AdvanceSagaCommand → AdvanceSagaHandler → SagaOrchestrator, and the
 * bus acks it when the Settlement it carries settles: after the orchestrator committed. One
 * SagaModule per app. It also answers the saga admin requests of the operations console
 * (libs/contracts sagaAdminContracts) on the app's bus. For /health: `HealthModule.forRoot({ checks: [SagaHealthIndicator],
 * imports: [<a module exporting this one>] })`.
 */
@Module({})
export class SagaModule {
  static forRoot({ sagas, imports = [] }: SagaModuleOptions): DynamicModule {
    return {
      module: SagaModule,
      imports,
      controllers: [SagaReplyController],
      providers: [
        ...sagas,
        {
          provide: SAGA_DEFINITIONS,
          useFactory: (...definitions: AnySagaDefinition[]) => definitions,
          inject: sagas,
        },
        // The app's schema merges sagaEnvSchema; its parsed values are taken here, not re-read.
        {
          provide: SAGA_OPTIONS,
          inject: [OPTIONAL_APP_CONFIG],
          useFactory: (appConfig?: AppConfig) =>
            sagaOptionsFrom(
              requireAppConfig(appConfig, '@railyard/saga').section(
                sagaEnvSchema,
                '@railyard/saga',
              ),
            ),
        },
        {
          provide: SAGA_SETTINGS,
          useFactory: (options: SagaOptions) => options.settings,
          inject: [SAGA_OPTIONS],
        },
        SagaOrchestrator,
        // A test replaces it (overrideProvider(SagaClock)) to move time by hand.
        { provide: SagaClock, useClass: SystemSagaClock },
        SagaDeadlineScheduler,
        SagaRetentionSweeper,
        StuckSagas,
        SagaEventRouter,
        AdvanceSagaHandler,
        FindSagasHandler,
        // The saga admin requests (list, show, retry, abort), served on the app's bus.
        SagaAdminReader,
        SagaAdminRoutes,
        // Saga counts in the service's status answer (the console's overview).
        SagaStatusPart,
      ],
      exports: [
        SagaOrchestrator,
        SagaDeadlineScheduler,
        SagaRetentionSweeper,
        StuckSagas,
        SagaClock,
      ],
    };
  }
}
