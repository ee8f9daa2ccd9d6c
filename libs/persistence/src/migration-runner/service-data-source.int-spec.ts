import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import {
  Column,
  DataSource,
  Entity,
  MigrationInterface,
  PrimaryColumn,
  QueryRunner,
  Table,
} from 'typeorm';
import { AppConfig } from '@railyard/platform';
import {
  createTestDatabase,
  DATABASE_KINDS,
  POSTGRES_ADMIN_URL,
  TestDatabase,
} from '../../../../test/support/database';
import { bootOutboxService, outboxTestBed } from '../../../../test/support/outbox-harness';
import { RecordingTransport } from '../../../../test/support/recording-transport';
import { databaseOptionsFromEnv, DatabaseModel } from '../database/database-options';
import { ensurePostgresDatabase } from '../database/ensure-postgres-database';
import { persistenceEnvSchema } from '../persistence.config';
import { withPersistenceTables } from '../persistence.model';
import { UnitOfWork } from '../unit-of-work/unit-of-work';
import { MIGRATION_LOCK_KEYS } from './migration-lock';
import { MigrationLockTimeoutError } from './migration-lock-timeout.error';
import { MigrationsPendingError } from './migrations-pending.error';
import { serviceDataSource } from './service-data-source';

jest.setTimeout(60_000);
beforeAll(() => Logger.overrideLogger(false));

/** outboxTestBed's service: its databases are created for it. */
const SERVICE = 'relay-test';

@Entity('migration_probe')
class ProbeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  note!: string;
}

/** A service migration slow enough on PostgreSQL that instances starting beside it must wait. */
class MigrationProbe1770000000000 implements MigrationInterface {
  name = 'MigrationProbe1770000000000';

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.options.type === 'postgres') await runner.query('SELECT pg_sleep(0.3)');
    await runner.createTable(
      new Table({
        name: 'migration_probe',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'note', type: 'varchar', length: '64' },
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('migration_probe');
  }
}

const MODEL: DatabaseModel = { entities: [ProbeEntity], migrations: [MigrationProbe1770000000000] };
/** The outbox/inbox migrations, then the probe. */
const ALL = (withPersistenceTables(MODEL).migrations as Array<{ name: string }>).map(
  (migration) => migration.name,
);

/** The service's data source on the variables `env`, as its data source file builds it. */
const sourceOn = (env: Record<string, string>) =>
  serviceDataSource(SERVICE, MODEL, AppConfig.parse(persistenceEnvSchema(SERVICE), env));

/**
 * Migrations run once: each start with MIGRATIONS=auto runs what is pending (on PostgreSQL under
 * an advisory lock, so instances starting together never race), MIGRATIONS=off runs nothing and
 * refuses a database that is behind. Real databases, one fresh database per test.
 */
describe.each(DATABASE_KINDS)('migrations at start on %s', (kind) => {
  const bed = outboxTestBed(kind);
  const start = (env: Record<string, string> = {}) =>
    bed.boot(new RecordingTransport(), { start: false, service: SERVICE, model: MODEL, env });
  const source = (env: Record<string, string> = {}) => sourceOn({ ...bed.db().env, ...env });
  /** The database read directly, outside anything under test. */
  const inspect = async <T>(read: (dataSource: DataSource) => Promise<T>): Promise<T> => {
    const options = databaseOptionsFromEnv(SERVICE, { entities: [], migrations: [] }, bed.db().env);
    const dataSource = await new DataSource({ ...options, logging: false }).initialize();
    try {
      return await read(dataSource);
    } finally {
      await dataSource.destroy();
    }
  };
  const recorded = () =>
    inspect(async (d) => {
      const rows: { name: string }[] = await d.query('SELECT name FROM migrations ORDER BY id');
      return rows.map((row) => row.name);
    });

  // PostgreSQL serves replicas; an SQLite file belongs to the one process of its service.
  const instances = kind === 'postgres' ? 4 : 1;

  it(`[${kind}] auto: ${instances} instance(s) starting at once all start; each migration ran and is recorded once; the schema is the entities'`, async () => {
    const modules = await Promise.all(Array.from({ length: instances }, () => start()));
    expect(modules).toHaveLength(instances);
    expect(await recorded()).toEqual(ALL);
    const dataSource = modules[0].get(UnitOfWork).dataSource;
    const drift = await dataSource.driver.createSchemaBuilder().log();
    expect(drift.upQueries.map((q) => q.query)).toEqual([]);
    await expect(source().status()).resolves.toEqual({ applied: ALL, pending: [] });
  });

  it(`[${kind}] off: a database behind the code stops the start, naming what is pending, and nothing is written`, async () => {
    if (kind === 'postgres') await ensurePostgresDatabase(bed.db().env.RELAY_TEST_DATABASE_URL);
    const refused = start({ MIGRATIONS: 'off' });
    await expect(refused).rejects.toBeInstanceOf(MigrationsPendingError);
    await expect(refused).rejects.toThrow(
      `${SERVICE}: MIGRATIONS=off and ${ALL.length} migration(s) pending (${ALL.join(', ')}). ` +
        `Run \`npm run migration:run -- ${SERVICE}\` first`,
    );
    expect(await inspect((d) => d.createQueryRunner().hasTable('migrations'))).toBe(false);
    expect(await inspect((d) => d.createQueryRunner().hasTable('outbox_message'))).toBe(false);
  });

  it(`[${kind}] off: starts on a database migrated beforehand, which stays as it was`, async () => {
    await expect(source().migrate()).resolves.toEqual(ALL);
    const m = await start({ MIGRATIONS: 'off' });
    expect(
      await m.get(UnitOfWork).dataSource.query('SELECT COUNT(*) AS n FROM migration_probe'),
    ).toEqual([{ n: kind === 'postgres' ? '0' : 0 }]);
    expect(await recorded()).toEqual(ALL);
  });

  it(`[${kind}] revert undoes the last migration only, and the next start runs it again`, async () => {
    await source().migrate();
    await expect(source().revertLast()).resolves.toBe('MigrationProbe1770000000000');
    expect(await inspect((d) => d.createQueryRunner().hasTable('migration_probe'))).toBe(false);
    await expect(source().status()).resolves.toEqual({
      applied: ALL.slice(0, -1),
      pending: ['MigrationProbe1770000000000'],
    });
    await start();
    expect(await recorded()).toEqual(ALL);
  });
});

describe('the migration lock on postgres', () => {
  let db: TestDatabase;
  let holder: Client;

  beforeEach(async () => {
    db = await createTestDatabase('postgres', SERVICE);
    const url = db.env.RELAY_TEST_DATABASE_URL;
    await ensurePostgresDatabase(url);
    holder = new Client({ connectionString: url });
    await holder.connect();
  });
  afterEach(async () => {
    await holder.end();
    await db.drop();
  });

  const migrate = (env: Record<string, string>) => sourceOn({ ...db.env, ...env }).migrate();

  it('is waited for no longer than MIGRATIONS_LOCK_TIMEOUT_MS, then the run fails saying why', async () => {
    await holder.query('SELECT pg_advisory_lock($1, $2)', [...MIGRATION_LOCK_KEYS]);
    const began = Date.now();
    const waited = migrate({ MIGRATIONS_LOCK_TIMEOUT_MS: '500' });
    await expect(waited).rejects.toBeInstanceOf(MigrationLockTimeoutError);
    await expect(waited).rejects.toThrow(
      `${SERVICE}: waited 500 ms (MIGRATIONS_LOCK_TIMEOUT_MS) for the migration lock`,
    );
    expect(Date.now() - began).toBeLessThan(10_000);

    await holder.query('SELECT pg_advisory_unlock($1, $2)', [...MIGRATION_LOCK_KEYS]);
    await expect(migrate({ MIGRATIONS_LOCK_TIMEOUT_MS: '500' })).resolves.toEqual(ALL);
  });

  it('is held while migrations run and released after, by a run that fails too', async () => {
    const held = async () => {
      const { rows } = await holder.query<{ n: string }>(
        "SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND objsubid = 2",
        [...MIGRATION_LOCK_KEYS],
      );
      return Number(rows[0].n);
    };
    const running = migrate({});
    const deadline = Date.now() + 5_000;
    let seen = 0;
    while (seen === 0 && Date.now() < deadline) {
      seen = await held();
      if (seen === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(seen).toBe(1);
    await running;
    expect(await held()).toBe(0);

    await holder.query('DROP TABLE migration_probe');
    await holder.query("DELETE FROM migrations WHERE name = 'MigrationProbe1770000000000'");
    await holder.query('CREATE TABLE migration_probe (id int)'); // the probe's CREATE now fails
    // TypeORM logs the failed migration; here failing is the point.
    const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(migrate({})).rejects.toThrow(/migration_probe/);
    quiet.mockRestore();
    expect(await held()).toBe(0);
  });

  it('is per database: a run elsewhere does not wait for it', async () => {
    await holder.query('SELECT pg_advisory_lock($1, $2)', [...MIGRATION_LOCK_KEYS]);
    const other = await createTestDatabase('postgres', SERVICE);
    try {
      const ran = sourceOn({ ...other.env, MIGRATIONS_LOCK_TIMEOUT_MS: '500' }).migrate();
      await expect(ran).resolves.toEqual(ALL);
    } finally {
      await other.drop();
    }
  });
});

describe('MIGRATIONS=off on postgres, the database missing', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase('postgres', SERVICE);
  });
  afterEach(() => db.drop());

  const exists = async () => {
    const name = new URL(db.env.RELAY_TEST_DATABASE_URL).pathname.slice(1);
    const admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    try {
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      return found.rowCount === 1;
    } finally {
      await admin.end();
    }
  };

  it('refuses to start and leaves it missing; a run (auto, or the command) creates it', async () => {
    const refused = bootOutboxService(db, new RecordingTransport(), {
      start: false,
      service: SERVICE,
      model: MODEL,
      env: { MIGRATIONS: 'off' },
    });
    await expect(refused).rejects.toThrow(
      `${SERVICE}: MIGRATIONS=off and its database does not exist. ` +
        `Run \`npm run migration:run -- ${SERVICE}\` first (it creates the database if missing)`,
    );
    expect(await exists()).toBe(false);
    await expect(sourceOn(db.env).migrate()).resolves.toEqual(ALL);
    expect(await exists()).toBe(true);
  });
});
