import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TerminusModule } from '@nestjs/terminus';
import {
  AppConfig,
  OPTIONAL_APP_CONFIG,
  requireAppConfig,
  traceDatabaseClients,
} from '@railyard/platform';
import { DatabaseModel, databaseOptionsFrom } from './database/database-options';
import { DatabaseHealthIndicator } from './database/database.health';
import { ensurePostgresDatabase } from './database/ensure-postgres-database';
import { Inbox } from './inbox/inbox';
import { InboxMessageEntity } from './inbox/inbox-message.entity';
import { OutboxInbox1764300000000 } from './migrations/1764300000000-outbox-inbox';
import { InboxReply1764500000100 } from './migrations/1764500000100-inbox-reply';
import { Outbox } from './outbox/outbox';
import { OutboxMessageEntity } from './outbox/outbox-message.entity';
import { OutboxAdmin } from './outbox/outbox-admin';
import { OutboxBacklogGauges } from './outbox/outbox-backlog-gauges';
import { OutboxRelay } from './outbox/outbox-relay';
import {
  OUTBOX_RELAY_OPTIONS,
  outboxEnvSchema,
  outboxRelayOptionsFrom,
} from './outbox/outbox-relay.options';
import { persistenceEnvSchema } from './persistence.config';
import { OutboxParkingRetention1764500000000 } from './migrations/1764500000000-outbox-parking-retention';
import { RetentionIndexes1764900000000 } from './migrations/1764900000000-retention-indexes';
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
 * A service's own database with the outbox and inbox tables and the relay. Migrations (the
 * service's, after the outbox/inbox one) run at start. Settings come from the app's AppConfig
 * (its schema merges `persistenceEnvSchema(service)`). The options are classes Nest must see when
 * the module is defined (TypeOrmModule.forFeature), so there is no forRootAsync.
 */
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceModuleOptions): DynamicModule {
    const entities = [OutboxMessageEntity, InboxMessageEntity, ...(options.entities as [])];
    const migrations = [
      OutboxInbox1764300000000,
      OutboxParkingRetention1764500000000,
      InboxReply1764500000100,
      RetentionIndexes1764900000000,
      ...(options.migrations as []),
    ];
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        TerminusModule,
        TypeOrmModule.forRootAsync({
          inject: [OPTIONAL_APP_CONFIG],
          useFactory: async (appConfig?: AppConfig) => {
            const section = requireAppConfig(appConfig, OWNER).section(
              persistenceEnvSchema(options.service),
              OWNER,
            );
            const db = databaseOptionsFrom(options.service, { entities, migrations }, section);
            if (db.type === 'postgres') {
              traceDatabaseClients(); // before TypeORM requires pg, which the hook must see
              if (db.url) await ensurePostgresDatabase(db.url);
            }
            return db;
          },
        }),
        TypeOrmModule.forFeature(entities),
      ],
      providers: [
        ...SHARED,
        RetentionSweeper,
        // Sampled when the app's MetricsModule is scraped; inert without one.
        OutboxBacklogGauges,
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
