import { TestingModule } from '@nestjs/testing';
import {
  Column,
  Entity,
  IsNull,
  MigrationInterface,
  PrimaryColumn,
  QueryRunner,
  Table,
} from 'typeorm';
import { createEnvelope } from '@railyard/messaging';
import {
  createTestDatabase,
  DATABASE_KINDS,
  TestDatabase,
} from '../../../../test/support/database';
import { RecordingTransport } from '../../../../test/support/recording-transport';
import { bootOutboxService, waitFor } from '../../../../test/support/outbox-harness';
import { Inbox } from '../inbox/inbox';
import { UnitOfWork } from '../unit-of-work/unit-of-work';
import { Outbox } from './outbox';
import { OutboxMessageEntity } from './outbox-message.entity';
import { OutboxRelay } from './outbox-relay';
import { CounterBumped } from '../../../../test/support/test-contracts';

jest.setTimeout(60_000);

/** A stand-in for a service's own state: the change that must commit with its messages. */
@Entity('counter')
class CounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'integer' })
  value!: number;
}

class CounterSchema1764300000001 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'counter',
        columns: [
          { name: 'name', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'integer' },
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('counter');
  }
}

const SERVICE = 'relay-test';

const boot = (db: TestDatabase, transport: RecordingTransport, start = true, env = {}) =>
  bootOutboxService(db, transport, {
    start,
    env,
    service: SERVICE,
    model: { entities: [CounterEntity], migrations: [CounterSchema1764300000001] },
  });

async function bump(moduleRef: TestingModule, name: string, events: number, fail = false) {
  const uow = moduleRef.get(UnitOfWork);
  const outbox = moduleRef.get(Outbox);
  await uow.run(async (tx) => {
    const counters = tx.getRepository(CounterEntity);
    const current = await counters.findOneBy({ name });
    await counters.save({ name, value: (current?.value ?? 0) + 1 });
    for (let i = 0; i < events; i++) {
      await outbox.emit(tx, CounterBumped, { name, i }, { aggregateId: name });
    }
    if (fail) throw new Error('the change failed after staging its events');
  });
}

const unsent = (moduleRef: TestingModule) =>
  moduleRef
    .get(UnitOfWork)
    .dataSource.getRepository(OutboxMessageEntity)
    .countBy({ sentAt: IsNull() });

describe.each(DATABASE_KINDS)('outbox and inbox on %s', (kind) => {
  let db: TestDatabase;
  const open: TestingModule[] = [];

  beforeEach(async () => {
    db = await createTestDatabase(kind, SERVICE);
  });
  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((m) => m.close()));
    await db.drop();
  });

  const start = async (transport = new RecordingTransport(), run = true, env = {}) => {
    const moduleRef = await boot(db, transport, run, env);
    open.push(moduleRef);
    return { moduleRef, transport };
  };

  it(`[${kind}] a change and its events commit together, then go out in order`, async () => {
    const { moduleRef, transport } = await start();
    await bump(moduleRef, 'a', 3);
    await expect(bump(moduleRef, 'b', 2, true)).rejects.toThrow('failed after staging');

    await waitFor(() => transport.published.length >= 3, 'three events');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(transport.published.map((e) => e.payload)).toEqual([
      { name: 'a', i: 0 },
      { name: 'a', i: 1 },
      { name: 'a', i: 2 },
    ]);
    const counters = moduleRef.get(UnitOfWork).dataSource.getRepository(CounterEntity);
    expect(await counters.findOneBy({ name: 'b' })).toBeNull();
    const rows = await moduleRef
      .get(UnitOfWork)
      .dataSource.getRepository(OutboxMessageEntity)
      .find();
    expect(rows.map((r) => r.sentAt !== null)).toEqual([true, true, true]);
  });

  it(`[${kind}] a crash between commit and publish: the events go out after restart, once`, async () => {
    // The broker is down: commits succeed, publishing fails, then the process dies.
    const down = new RecordingTransport();
    down.failWith = new Error('broker unreachable');
    const first = await start(down);
    await bump(first.moduleRef, 'a', 2);
    await bump(first.moduleRef, 'b', 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(down.published).toHaveLength(0);
    await first.moduleRef.close();
    open.splice(open.indexOf(first.moduleRef), 1);

    const after = await start();
    await waitFor(() => after.transport.published.length >= 3, 'the staged events after restart');
    await after.moduleRef.get(OutboxRelay).relayOnce();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ids = after.transport.published.map((e) => e.messageId);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    expect(await unsent(after.moduleRef)).toBe(0);
  });

  it(`[${kind}] a publish failure keeps the event and its successors of the same aggregate`, async () => {
    const transport = new RecordingTransport();
    const { moduleRef } = await start(transport, false);
    await bump(moduleRef, 'a', 3);
    transport.failWith = new Error('nack');
    // The failure is the row's, not the relay's: it backs off its aggregate and is recorded.
    await expect(moduleRef.get(OutboxRelay).relayOnce()).resolves.toBe(0);
    const row = await moduleRef
      .get(UnitOfWork)
      .dataSource.getRepository(OutboxMessageEntity)
      .findOneByOrFail({ sequence: 1 });
    expect(row).toMatchObject({ sentAt: null, lastError: 'nack', attempts: 1, parkedAt: null });
    expect(row.retryAfter).not.toBeNull();
    transport.failWith = undefined;
    let sent = 0;
    await waitFor(
      async () => (sent += await moduleRef.get(OutboxRelay).relayOnce()) === 3,
      'the retry',
    );
    expect(transport.published.map((e) => (e.payload as { i: number }).i)).toEqual([0, 1, 2]);
  });

  it(`[${kind}] a duplicated delivery has its effect once`, async () => {
    const { moduleRef } = await start(new RecordingTransport(), false);
    const inbox = moduleRef.get(Inbox);
    const envelope = createEnvelope({ type: 'counter.bump', payload: { name: 'x' } });
    const effect = jest.fn(async (tx: import('typeorm').EntityManager) => {
      const counters = tx.getRepository(CounterEntity);
      const current = await counters.findOneBy({ name: 'x' });
      await counters.save({ name: 'x', value: (current?.value ?? 0) + 1 });
      return 'applied';
    });
    await expect(inbox.once(envelope, 'bumper', effect)).resolves.toEqual({
      duplicate: false,
      result: 'applied',
    });
    await expect(inbox.once(envelope, 'bumper', effect)).resolves.toEqual({ duplicate: true });
    // Another consumer of the same service is a different reader of the same message.
    await expect(inbox.once(envelope, 'auditor', async () => 'seen')).resolves.toMatchObject({
      duplicate: false,
    });
    expect(effect).toHaveBeenCalledTimes(1);
    const counter = await moduleRef
      .get(UnitOfWork)
      .dataSource.getRepository(CounterEntity)
      .findOneByOrFail({ name: 'x' });
    expect(counter.value).toBe(1);
  });

  it(`[${kind}] racing redeliveries of one message apply it once`, async () => {
    const { moduleRef } = await start(new RecordingTransport(), false);
    const inbox = moduleRef.get(Inbox);
    const envelope = createEnvelope({ type: 'counter.bump', payload: {} });
    let effects = 0;
    const deliver = async () => {
      // What the bus does: retry a handler that failed (here: lost the primary-key race).
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          return await inbox.once(envelope, 'bumper', async () => {
            await new Promise((resolve) => setTimeout(resolve, 20));
            effects++;
          });
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
      throw new Error('never settled');
    };
    const outcomes = await Promise.all(Array.from({ length: 6 }, deliver));
    expect(effects).toBe(1);
    expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
  });

  if (kind === 'postgres') {
    it('[postgres] two relays on one database never publish a row twice (FOR UPDATE SKIP LOCKED)', async () => {
      const writer = await start(new RecordingTransport(), false);
      for (let i = 0; i < 40; i++) await bump(writer.moduleRef, `agg-${i % 7}`, 5);
      const [r1, r2] = [new RecordingTransport(), new RecordingTransport()];
      r1.latencyMs = 2;
      r2.latencyMs = 2;
      // Small batches: a relay holds the aggregates of its batch, the other takes the next ones.
      const env = { OUTBOX_BATCH_SIZE: '10' };
      const relays = await Promise.all([start(r1, false, env), start(r2, false, env)]);
      await Promise.all(relays.map((r) => r.moduleRef.init()));
      await waitFor(async () => (await unsent(writer.moduleRef)) === 0, 'every row sent', 30_000);
      const ids = [...r1.published, ...r2.published].map((e) => e.messageId);
      expect(ids).toHaveLength(200);
      expect(new Set(ids).size).toBe(200);
      expect(r1.published.length).toBeGreaterThan(0);
      expect(r2.published.length).toBeGreaterThan(0);
    });
  }
});
