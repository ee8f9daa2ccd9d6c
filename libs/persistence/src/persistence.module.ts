import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TerminusModule } from '@nestjs/terminus';
import {
  AppConfig,
  OPTIONAL_APP_CONFIG,
  requireAppConfig,
  traceDatabaseClients,
} from '@railyard/platform';
import { DatabaseModel } from './database/database-options';
import { DatabaseHealthIndicator } from './database/database.health';
import {
  SQLITE_CHECKPOINT_MODE,
  SqliteCheckpointing,
  sqliteCheckpointEnvSchema,
} from './database/sqlite-checkpointing';
import { Inbox } from './inbox/inbox';
import { serviceDataSource } from './migration-runner/service-data-source';
import { Outbox } from './outbox/outbox';
import { OutboxAdmin } from './outbox/outbox-admin';
import { OutboxBacklogGauges } from './outbox/outbox-backlog-gauges';
import { OutboxRelay } from './outbox/outbox-relay';
import { OutboxStatusPart } from './outbox/outbox-status.part';
import {
  OUTBOX_RELAY_OPTIONS,
  outboxEnvSchema,
  outboxRelayOptionsFrom,
} from './outbox/outbox-relay.options';
import { withPersistenceTables } from './persistence.model';
import { RetentionSweeper } from './retention/retention-sweeper';
import {
  RETENTION_OPTIONS,
  retentionEnvSchema,
  retentionOptionsFrom,
} from './retention/retention.options';
import { UnitOfWork } from './unit-of-work/unit-of-work';

/** What a service's own providers use: the unit of work, outbox, inbox, relay and their health. */
const SHARED = [UnitOfWork, Outbox, Inbox, OutboxRelay, OutboxAdmin, DatabaseHealthIndicator];

export interface PersistenceModuleOptions extends DatabaseModel {
  /** The owning service; names its SQLite file and its `<SERVICE>_DATABASE_URL` variable. */
  service: string;
}

const OWNER = '@railyard/persistence';

/**
 * A service's own database with the outbox and inbox tables and the relay. Before the app's
 * connection opens, MIGRATIONS decides: `auto` runs the pending migrations (the outbox/inbox ones,
 * then the service's) under a lock, `off` refuses to start while any is pending
 * (ServiceDataSource.prepareForStart). Settings come from the app's AppConfig (its schema merges
 * `persistenceEnvSchema(service)`). The options are classes Nest must see when the module is
 * defined (TypeOrmModule.forFeature), so there is no forRootAsync.
 */
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceModuleOptions): DynamicModule {
    const { entities } = withPersistenceTables(options);
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        TerminusModule,
        TypeOrmModule.forRootAsync({
          inject: [OPTIONAL_APP_CONFIG],
          useFactory: async (appConfig?: AppConfig) => {
            const config = requireAppConfig(appConfig, OWNER);
            const source = serviceDataSource(options.service, options, config);
            // Before anything requires pg for this database (the migration run, TypeORM's
            // DataSource): the instrumentation's require hook must see it.
            if (source.options.type === 'postgres') traceDatabaseClients();
            const ran = await source.prepareForStart();
            if (ran.length > 0) {
              new Logger(PersistenceModule.name).log(`migrations run: ${ran.join(', ')}`);
            }
            return source.options;
          },
        }),
        TypeOrmModule.forFeature(entities as []),
      ],
      providers: [
        ...SHARED,
        RetentionSweeper,
        SqliteCheckpointing,
        {
          provide: SQLITE_CHECKPOINT_MODE,
          inject: [OPTIONAL_APP_CONFIG],
          useFactory: (appConfig?: AppConfig) =>
            requireAppConfig(appConfig, OWNER).section(sqliteCheckpointEnvSchema, OWNER)
              .SQLITE_CHECKPOINT,
        },
        // Sampled when the app's MetricsModule is scraped; inert without one.
        OutboxBacklogGauges,
        // Answers the console's outbox figures over the bus (ServiceStatusParts).
        OutboxStatusPart,
        {
          provide: RETENTION_OPTIONS,
          inject: [OPTIONAL_APP_CONFIG],
          useFactory: (appConfig?: AppConfig) =>
            retentionOptionsFrom(
              requireAppConfig(appConfig, OWNER).section(retentionEnvSchema, OWNER),
            ),
        },
        {
          provide: OUTBOX_RELAY_OPTIONS,
          inject: [OPTIONAL_APP_CONFIG],
          useFactory: (appConfig?: AppConfig) =>
            outboxRelayOptionsFrom(
              requireAppConfig(appConfig, OWNER).section(outboxEnvSchema, OWNER),
            ),
        },
      ],
      exports: [TypeOrmModule, ...SHARED],
    };
  }
}
