import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  createTestDatabase,
  DATABASE_KINDS,
  TestDatabase,
} from '../../../../test/support/database';
import { databaseOptionsFromEnv } from '../database/database-options';
import { ensurePostgresDatabase } from '../database/ensure-postgres-database';
import { OutboxInbox1764300000000 } from '../migrations/1764300000000-outbox-inbox';
import { UnitOfWork } from './unit-of-work';

jest.setTimeout(30_000);
beforeAll(() => Logger.overrideLogger(false));

/** UnitOfWork.afterCommit: what runs once a transaction committed, and only then. */
describe.each(DATABASE_KINDS)('UnitOfWork.afterCommit on %s', (kind) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let uow: UnitOfWork;

  beforeAll(async () => {
    db = await createTestDatabase(kind, 'after-commit');
    const url = db.env.AFTER_COMMIT_DATABASE_URL;
    if (url) await ensurePostgresDatabase(url);
    const options = databaseOptionsFromEnv(
      'after-commit',
      { entities: [], migrations: [OutboxInbox1764300000000] },
      db.env,
    );
    dataSource = await new DataSource({
      ...options,
      migrationsRun: true,
      logging: false,
    }).initialize();
    uow = new UnitOfWork(dataSource);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const rowCount = async () =>
    Number((await dataSource.query('SELECT COUNT(*) AS n FROM inbox_message'))[0].n);
  const insert = (tx: Parameters<Parameters<UnitOfWork['run']>[0]>[0], id: string) =>
    tx.query(
      kind === 'postgres'
        ? 'INSERT INTO inbox_message (message_id, consumer, type, processed_at) VALUES ($1, $2, $3, $4)'
        : 'INSERT INTO inbox_message (message_id, consumer, type, processed_at) VALUES (?, ?, ?, ?)',
      [id, 'after-commit', 'thing', new Date().toISOString()],
    );

  it('runs once the transaction committed, when its rows are there for everyone', async () => {
    const seen: number[] = [];
    const before = await rowCount();
    const result = await uow.run(async (tx) => {
      await insert(tx, 'm-committed');
      uow.afterCommit(tx, () => {
        seen.push(1);
      });
      expect(seen).toEqual([]);
      return 'done';
    });
    expect(result).toBe('done');
    expect(seen).toEqual([1]);
    expect(await rowCount()).toBe(before + 1);
  });

  it('never runs for a transaction that rolled back', async () => {
    let ran = false;
    const before = await rowCount();
    await expect(
      uow.run(async (tx) => {
        await insert(tx, 'm-rolled-back');
        uow.afterCommit(tx, () => (ran = true));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(ran).toBe(false);
    expect(await rowCount()).toBe(before);
    // The next transaction does not inherit what the rolled-back one left.
    await uow.run(async (tx) => insert(tx, 'm-after'));
    expect(ran).toBe(false);
  });

  it('does not turn a failing callback into a failure of the committed work', async () => {
    const later: string[] = [];
    await expect(
      uow.run(async (tx) => {
        uow.afterCommit(tx, () => {
          throw new Error('a metric broke');
        });
        uow.afterCommit(tx, () => later.push('still run'));
        return 'committed';
      }),
    ).resolves.toBe('committed');
    expect(later).toEqual(['still run']);
  });

  it('runs at once for a manager outside any unit of work', () => {
    let ran = false;
    uow.afterCommit(dataSource.manager, () => (ran = true));
    expect(ran).toBe(true);
  });
});
