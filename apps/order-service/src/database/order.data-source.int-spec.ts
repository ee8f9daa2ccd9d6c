import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../../../../test/support/database';

jest.setTimeout(180_000);

const root = join(__dirname, '..', '..', '..', '..');
/** In the order they run: by their timestamps, the shared tables' and the service's interleaved. */
const ALL = [
  'OutboxInbox1764300000000',
  'OrderSchema1764300000100',
  'SagaTables1764300000200',
  'OutboxParkingRetention1764500000000',
  'InboxReply1764500000100',
  'SagaRetentionIndex1764500000200',
  'RetentionIndexes1764900000000',
  'OrderTotalBigint1764950000100',
  'SagaUpdatedIndex1765000000200',
];

/**
 * `npm run migration:<command> -- order` as an operator runs it (a child process, through npm),
 * against a fresh PostgreSQL database, on order.data-source.ts: the service's own migrations,
 * the saga's and the outbox/inbox ones.
 */
describe('npm run migration:* -- order on postgres', () => {
  let db: TestDatabase;
  let url: string;

  beforeAll(async () => {
    db = await createTestDatabase('postgres', 'order');
    url = db.env.ORDER_DATABASE_URL;
  });
  afterAll(() => db?.drop());

  const npm = (command: string, ...args: string[]) => {
    const result = spawnSync('npm', ['run', '-s', `migration:${command}`, '--', ...args], {
      cwd: root,
      env: { ...process.env, ...db.env },
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { status: result.status, out: result.stdout, err: result.stderr };
  };
  const query = async <T>(sql: string): Promise<T[]> => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  };
  const recorded = async () =>
    (await query<{ name: string }>('SELECT name FROM migrations ORDER BY id')).map((r) => r.name);
  const totalType = async () =>
    (
      await query<{ data_type: string }>(
        "SELECT data_type FROM information_schema.columns WHERE table_name = 'customer_order' AND column_name = 'total'",
      )
    )[0]?.data_type;

  it('run creates the database and runs every migration once; a second run finds nothing', async () => {
    const first = npm('run', 'order');
    expect(first).toMatchObject({ status: 0, err: '' });
    expect(first.out).toContain(`[migration] order: ran ${ALL.length}: ${ALL.join(', ')}`);
    expect(await recorded()).toEqual(ALL);
    expect(await totalType()).toBe('bigint');

    const again = npm('run', 'order-service');
    expect(again.status).toBe(0);
    expect(again.out).toContain('[migration] order: nothing pending');
    expect(await recorded()).toEqual(ALL);
  });

  it('revert undoes the last migration, show lists it pending, run applies it again', async () => {
    // The last two: the saga's updated-at index, then the service's own bigint total.
    for (const name of ALL.slice(-2).reverse()) {
      const reverted = npm('revert', 'order');
      expect(reverted.status).toBe(0);
      expect(reverted.out).toContain(`[migration] order: reverted ${name}`);
    }
    expect(await recorded()).toEqual(ALL.slice(0, -2));
    expect(await totalType()).toBe('integer');

    const shown = npm('show', 'order');
    expect(shown.status).toBe(0);
    expect(shown.out).toContain('[ ] OrderTotalBigint1764950000100');
    expect(shown.out).toContain(`[migration] order: ${ALL.length - 2} applied, 2 pending`);

    const ran = npm('run', 'order');
    expect(ran.status).toBe(0);
    expect(ran.out).toContain(`[migration] order: ran 2: ${ALL.slice(-2).join(', ')}`);
    expect(await totalType()).toBe('bigint');
  });

  it('refuses an unknown service, naming the valid ones, and touches no database', async () => {
    const unknown = npm('run', 'shipping');
    expect(unknown.status).toBe(1);
    expect(unknown.err).toContain(
      '[migration] unknown service "shipping": valid services are order, inventory, payment',
    );
    expect(unknown.err).toContain('usage: npm run migration:run -- <service>');
    expect(await recorded()).toEqual(ALL);
  });

  it("refuses a bad setting the way the service's start does", () => {
    const bad = spawnSync('npm', ['run', '-s', 'migration:run', '--', 'order'], {
      cwd: root,
      env: { ...process.env, ...db.env, ORDER_DATABASE_URL: 'mysql://nowhere/orders' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('ORDER_DATABASE_URL');
    expect(bad.stderr).toContain('must be a postgres:// URL');
  });
});
