import { DataSource, QueryRunner } from 'typeorm';
import { POSTGRES_ADMIN_URL } from '../../../../test/support/database';
import { DATA_REJECTED } from './database-data-error';
import { toErrorShape } from './to-error-shape';

jest.setTimeout(30_000);

/** What each database throws, through TypeORM as a handler sees it, and the reply it becomes. */
describe.each([
  ['sqlite', { type: 'better-sqlite3', database: ':memory:' }],
  ['postgres', { type: 'postgres', url: POSTGRES_ADMIN_URL }],
] as const)('a database error on %s, as a reply', (kind, options) => {
  let dataSource: DataSource;
  let runner: QueryRunner;
  const postgres = kind === 'postgres';

  /** The reply shape of what `sql` throws. */
  const replyTo = async (sql: string) => {
    const thrown = await runner.query(sql).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(thrown).toBeDefined();
    return toErrorShape(thrown);
  };

  beforeAll(async () => {
    dataSource = await new DataSource({ ...options, logging: false }).initialize();
    runner = dataSource.createQueryRunner();
    await runner.connect();
    // Temporary tables live on this runner's connection only: nothing is left behind.
    await runner.query(
      `CREATE TEMPORARY TABLE money_probe (
         id integer PRIMARY KEY,
         total integer NOT NULL CHECK (total >= 0),
         code varchar(3),
         ref integer UNIQUE
       )`,
    );
    await runner.query('INSERT INTO money_probe (id, total, code, ref) VALUES (1, 1, NULL, 1)');
  });
  afterAll(async () => {
    await runner?.release();
    await dataSource?.destroy();
  });

  const rejected = (databaseCode: string | RegExp) => ({
    code: DATA_REJECTED,
    message: expect.stringMatching(/^the database refused the data/),
    details: { databaseCode: expect.stringMatching(databaseCode) },
    retryable: false,
  });

  it('a CHECK violation is the data refused, not a crash', async () => {
    expect(await replyTo('INSERT INTO money_probe (id, total) VALUES (2, -1)')).toEqual(
      rejected(postgres ? '23514' : 'SQLITE_CONSTRAINT_CHECK'),
    );
  });

  it('a missing required value is the data refused', async () => {
    expect(await replyTo('INSERT INTO money_probe (id, total) VALUES (3, NULL)')).toEqual(
      rejected(postgres ? '23502' : 'SQLITE_CONSTRAINT_NOTNULL'),
    );
  });

  it('a value out of its column type range is the data refused (PostgreSQL 22003, 22001)', async () => {
    if (!postgres) {
      // SQLite's datatype mismatch: a rowid must be an integer.
      expect(await replyTo("INSERT INTO money_probe (id, total) VALUES ('x', 1)")).toEqual(
        rejected('SQLITE_MISMATCH'),
      );
      return;
    }
    expect(await replyTo('INSERT INTO money_probe (id, total) VALUES (4, 3000000000)')).toEqual(
      rejected('22003'),
    );
    expect(
      await replyTo("INSERT INTO money_probe (id, total, code) VALUES (5, 1, 'long')"),
    ).toEqual(rejected('22001'));
  });

  it('a unique violation stays what it was (handlers turn theirs into replays)', async () => {
    const reply = await replyTo('INSERT INTO money_probe (id, total, ref) VALUES (6, 1, 1)');
    expect(reply.code).toBe(postgres ? '23505' : 'SQLITE_CONSTRAINT_UNIQUE');
    expect(reply.retryable).toBeUndefined();
  });

  it('a broken query is not the data: it stays a failure', async () => {
    const reply = await replyTo('SELECT no_such_column FROM money_probe');
    expect(reply.code).not.toBe(DATA_REJECTED);
  });
});
