import { Logger } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../../../test/support/database';
import { databaseOptionsFromEnv } from '../database/database-options';
import { OutboxInbox1764300000000 } from '../migrations/1764300000000-outbox-inbox';
import { UnitOfWork } from './unit-of-work';

jest.setTimeout(30_000);
beforeAll(() => Logger.overrideLogger(false));

const SERVICE = 'group-commit';

/** The slice of better-sqlite3 used here (the package ships no types). */
interface SqliteReader {
  prepare(sql: string): { get(...params: unknown[]): unknown };
  close(): void;
}
const Sqlite = require('better-sqlite3') as new (
  file: string,
  options: { readonly: boolean },
) => SqliteReader;

/**
 * UnitOfWork on SQLite: the units that queue while a transaction runs share the next one, each in
 * a savepoint of its own. What a caller sees must stay what it saw with one transaction per unit.
 */
describe('UnitOfWork group commit on SQLite', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let uow: UnitOfWork;
  /** A second connection to the same file: sees only what was committed. */
  let reader: SqliteReader;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite', SERVICE);
    const options = databaseOptionsFromEnv(
      SERVICE,
      { entities: [], migrations: [OutboxInbox1764300000000] },
      db.env,
    );
    dataSource = await new DataSource({
      ...options,
      migrationsRun: true,
      logging: false,
    }).initialize();
    // A deferred foreign key is checked at COMMIT only: the way to make a group's COMMIT fail.
    await dataSource.query('CREATE TABLE parent (id TEXT PRIMARY KEY)');
    await dataSource.query(
      'CREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)',
    );
    uow = new UnitOfWork(dataSource);
    reader = new Sqlite(join(db.env.DATA_DIR, `${SERVICE}.sqlite`), { readonly: true });
  });
  afterAll(async () => {
    reader?.close();
    await dataSource?.destroy();
    await db?.drop();
  });

  const insert = (tx: EntityManager, id: string) =>
    tx.query(
      'INSERT INTO inbox_message (message_id, consumer, type, processed_at) VALUES (?, ?, ?, ?)',
      [id, SERVICE, 'thing', new Date().toISOString()],
    );
  const committed = (id: string) =>
    reader.prepare('SELECT COUNT(*) AS n FROM inbox_message WHERE message_id = ?').get(id) as {
      n: number;
    };

  /**
   * Runs `units` as one group: a first unit holds the transaction until all of them have queued
   * behind it, so they go in the next one together.
   */
  async function inOneGroup<T>(units: Array<() => Promise<T>>): Promise<PromiseSettledResult<T>[]> {
    let release!: () => void;
    let running!: () => void;
    const started = new Promise<void>((resolve) => (running = resolve));
    const held = uow.run(
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
          running();
        }),
    );
    await started;
    const results = Promise.allSettled(units.map((unit) => unit()));
    release();
    await held;
    return results;
  }

  it('commits every unit of a group once, and settles none before the COMMIT', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `together-${i}`);
    const seenAtSettle: number[] = [];
    const results = await inOneGroup(
      ids.map(
        (id) => () =>
          uow
            .run(async (tx) => {
              await insert(tx, id);
              return id;
            })
            .then((value) => {
              seenAtSettle.push(committed(id).n);
              return value;
            }),
      ),
    );
    expect(results.map((result) => result.status === 'fulfilled' && result.value)).toEqual(ids);
    // Each caller, as its promise settled, could already read its row from another connection.
    expect(seenAtSettle).toEqual(ids.map(() => 1));
  });

  it("rolls back a failing unit alone: its caller gets its error, the others' rows commit", async () => {
    const results = await inOneGroup(
      ['left-0', 'fails', 'left-2'].map(
        (id) => () =>
          uow.run(async (tx) => {
            await insert(tx, id);
            if (id === 'fails') throw new Error('the unit refused');
            return id;
          }),
      ),
    );
    expect(results[0]).toEqual({ status: 'fulfilled', value: 'left-0' });
    expect(results[1]).toMatchObject({
      status: 'rejected',
      reason: { message: 'the unit refused' },
    });
    expect(results[2]).toEqual({ status: 'fulfilled', value: 'left-2' });
    expect([committed('left-0').n, committed('fails').n, committed('left-2').n]).toEqual([1, 0, 1]);
  });

  it('runs afterCommit callbacks of the committed units only', async () => {
    const ran: string[] = [];
    await inOneGroup(
      ['cb-ok', 'cb-fails'].map(
        (id) => () =>
          uow.run(async (tx) => {
            await insert(tx, id);
            uow.afterCommit(tx, () => ran.push(id));
            if (id === 'cb-fails') throw new Error('no');
          }),
      ),
    );
    expect(ran).toEqual(['cb-ok']);
  });

  it('fails every unit of a group whose COMMIT fails, commits none, and serves the next', async () => {
    const ran: string[] = [];
    const results = await inOneGroup([
      () =>
        uow.run(async (tx) => {
          await insert(tx, 'bystander');
          uow.afterCommit(tx, () => ran.push('bystander'));
        }),
      // Passes its savepoint; the deferred key fails the group's COMMIT.
      () => uow.run((tx) => tx.query("INSERT INTO child (id, parent_id) VALUES ('c', 'none')")),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(committed('bystander').n).toBe(0);
    expect(ran).toEqual([]);
    await expect(uow.run(async (tx) => insert(tx, 'after-failed-group'))).resolves.toBeDefined();
    expect(committed('after-failed-group').n).toBe(1);
  });

  it("runs each unit and its afterCommit in its caller's async context, not the drainer's", async () => {
    const caller = new AsyncLocalStorage<string>();
    const seen: string[] = [];
    await inOneGroup(
      ['ctx-a', 'ctx-b', 'ctx-c'].map(
        (id) => () =>
          caller.run(id, () =>
            uow.run(async (tx) => {
              seen.push(`work ${caller.getStore()}`);
              await insert(tx, id);
              uow.afterCommit(tx, () => seen.push(`after ${caller.getStore()}`));
            }),
          ),
      ),
    );
    expect(seen).toEqual([
      'work ctx-a',
      'work ctx-b',
      'work ctx-c',
      'after ctx-a',
      'after ctx-b',
      'after ctx-c',
    ]);
  });
});
