import { DataSource, DataSourceOptions, MigrationExecutor, QueryRunner } from 'typeorm';
import { AppConfig } from '@railyard/platform';
import { DatabaseModel, databaseOptionsFrom } from '../database/database-options';
import { ensurePostgresDatabase } from '../database/ensure-postgres-database';
import { persistenceEnvSchema } from '../persistence.config';
import { withPersistenceTables } from '../persistence.model';
import { withMigrationLock } from './migration-lock';
import { MigrationSettings, migrationSettingsFrom, migrationsEnvSchema } from './migrations.config';
import { MigrationsPendingError } from './migrations-pending.error';

export interface MigrationStatus {
  /** Recorded in the database, oldest first. */
  applied: string[];
  /** In the code, not yet recorded, in the order they would run. */
  pending: string[];
}

/** invalid_catalog_name: the URL names a database that does not exist. */
const NO_SUCH_DATABASE = '3D000';

/**
 * A service's database outside Nest, with its migration commands. The service's
 * `database/<service>.data-source.ts` exports one for the TypeORM CLI and `npm run migration:*`;
 * PersistenceModule opens one at start, before the app's own connection, and closes it. Each
 * command opens this data source and destroys it after, so a lock can never stay behind in a pool.
 */
export class ServiceDataSource extends DataSource {
  constructor(
    readonly service: string,
    options: DataSourceOptions,
    readonly migrationSettings: MigrationSettings,
  ) {
    super(options);
  }

  /** What a start does, by MIGRATIONS: auto migrates, off refuses a schema that is behind. */
  async prepareForStart(): Promise<string[]> {
    if (this.migrationSettings.mode === 'auto') return this.migrate();
    const { pending } = await this.status().catch((error: { code?: string }) => {
      if (error.code !== NO_SUCH_DATABASE) throw error;
      throw new MigrationsPendingError(this.service, 'its database does not exist');
    });
    if (pending.length > 0) {
      throw new MigrationsPendingError(
        this.service,
        `${pending.length} migration(s) pending (${pending.join(', ')})`,
      );
    }
    return [];
  }

  /**
   * Runs the pending migrations, each recorded once however many instances run this at once:
   * on PostgreSQL under the advisory lock (the database is created first if missing); on SQLite
   * without one, as its file belongs to the one process of its service (DATA_DIR is never shared
   * between replicas) and SQLite admits a single writer anyway. Returns the names it ran.
   */
  async migrate(): Promise<string[]> {
    return this.session(true, async (runner) => {
      const executor = this.executor(runner);
      const ran = await this.guarded(runner, () => executor.executePendingMigrations());
      return ran.map((migration) => migration.name);
    });
  }

  /** Undoes the last migration recorded (under the lock); its name, or undefined if none is. */
  async revertLast(): Promise<string | undefined> {
    return this.session(false, (runner) =>
      this.guarded(runner, async () => {
        const executor = this.executor(runner);
        const [last] = await executor.getExecutedMigrations();
        if (last) await executor.undoLastMigration();
        return last?.name;
      }),
    );
  }

  /** Reads which migrations are applied and which pending; writes nothing, creates no table. */
  async status(): Promise<MigrationStatus> {
    return this.session(false, async (runner) => {
      const executor = this.executor(runner);
      const applied = (await executor.getExecutedMigrations()).map((m) => m.name).reverse();
      const pending = (await executor.getPendingMigrations()).map((m) => m.name);
      return { applied, pending };
    });
  }

  private executor(runner: QueryRunner): MigrationExecutor {
    const executor = new MigrationExecutor(this, runner);
    executor.transaction = this.options.migrationsTransactionMode ?? 'all';
    return executor;
  }

  private guarded<T>(runner: QueryRunner, work: () => Promise<T>): Promise<T> {
    if (this.options.type !== 'postgres') return work();
    return withMigrationLock(runner, this.service, this.migrationSettings.lockTimeoutMs, work);
  }

  private async session<T>(create: boolean, work: (runner: QueryRunner) => Promise<T>) {
    if (create && this.options.type === 'postgres' && this.options.url) {
      await ensurePostgresDatabase(this.options.url);
    }
    await this.initialize();
    const runner = this.createQueryRunner();
    try {
      return await work(runner);
    } finally {
      await runner.release();
      await this.destroy();
    }
  }
}

const OWNER = '@railyard/persistence';

/**
 * `service`'s data source from the app's parsed configuration (its schema merges
 * `persistenceEnvSchema(service)`): the same tables, migrations and settings the running service
 * uses, PersistenceModule building its own options through this very function.
 */
export function serviceDataSource(
  service: string,
  model: DatabaseModel,
  config: AppConfig,
): ServiceDataSource {
  const database = config.section(persistenceEnvSchema(service), OWNER);
  const options = databaseOptionsFrom(service, withPersistenceTables(model), database);
  const migrations = migrationSettingsFrom(config.section(migrationsEnvSchema, OWNER));
  return new ServiceDataSource(service, options, migrations);
}
