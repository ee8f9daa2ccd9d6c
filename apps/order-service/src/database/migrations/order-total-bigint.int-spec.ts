import { DataSource } from 'typeorm';
import { databaseOptionsFromEnv, ensurePostgresDatabase } from '@railyard/persistence';
import {
  createTestDatabase,
  DATABASE_KINDS,
  TestDatabase,
} from '../../../../../test/support/database';
import { OrderSchema1764300000100 } from './1764300000100-order-schema';
import { OrderTotalBigint1764950000100 } from './1764950000100-order-total-bigint';

jest.setTimeout(30_000);

const NOW = new Date().toISOString();

/** A database that already ran the first order schema gets its totals widened, rows kept. */
describe.each(DATABASE_KINDS)('OrderTotalBigint migration on %s', (kind) => {
  let db: TestDatabase;
  let dataSource: DataSource;

  const open = async (migrations: Array<new () => unknown>) => {
    const options = databaseOptionsFromEnv('order', { entities: [], migrations }, db.env);
    const source = new DataSource({ ...options, migrationsRun: false, logging: false });
    return source.initialize();
  };
  const insert = (id: string, total: number, key = `key-${id}`) =>
    dataSource.query(
      `INSERT INTO customer_order (id, customer_id, items, total, status, idempotency_key, created_at, updated_at)
       VALUES (${[1, 2, 3, 4, 5, 6, 7, 8].map((i) => (kind === 'postgres' ? `$${i}` : '?')).join(', ')})`,
      [id, 'customer', '[]', total, 'PENDING', key, NOW, NOW],
    );
  const totalOf = async (id: string) => {
    const rows: Array<{ total: string | number }> = await dataSource.query(
      `SELECT total FROM customer_order WHERE id = ${kind === 'postgres' ? '$1' : '?'}`,
      [id],
    );
    return Number(rows[0].total);
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind, 'order');
    const url = db.env.ORDER_DATABASE_URL;
    if (url) await ensurePostgresDatabase(url);
    dataSource = await open([OrderSchema1764300000100]);
    await dataSource.runMigrations();
    await insert('before', 2_147_483_647);
    await dataSource.destroy();
    dataSource = await open([OrderSchema1764300000100, OrderTotalBigint1764950000100]);
    await dataSource.runMigrations();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('keeps the totals already stored', async () => {
    expect(await totalOf('before')).toBe(2_147_483_647);
  });

  it('stores a total beyond 32 bits exactly', async () => {
    await insert('after', 3_000_000_000);
    expect(await totalOf('after')).toBe(3_000_000_000);
  });

  it('still refuses a second order under the same idempotency key', async () => {
    await expect(insert('again', 1, 'key-before')).rejects.toThrow(/unique|duplicate/i);
  });
});
