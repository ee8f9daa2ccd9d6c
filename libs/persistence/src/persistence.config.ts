import { databaseEnvSchema } from './database/database-options';
import { sqliteCheckpointEnvSchema } from './database/sqlite-checkpointing';
import { migrationsEnvSchema } from './migration-runner/migrations.config';
import { outboxEnvSchema } from './outbox/outbox-relay.options';
import { retentionEnvSchema } from './retention/retention.options';

/**
 * Every variable PersistenceModule reads for `service`: its database and how its migrations run,
 * the outbox relay and the retention of outbox and inbox rows. An app merges it into its schema; the module takes its
 * values from the app's AppConfig.
 */
export function persistenceEnvSchema(service: string) {
  return databaseEnvSchema(service)
    .merge(sqliteCheckpointEnvSchema)
    .merge(migrationsEnvSchema)
    .merge(outboxEnvSchema)
    .merge(retentionEnvSchema);
}
