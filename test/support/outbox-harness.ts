import { Test, TestingModule } from '@nestjs/testing';
import { EntityManager } from 'typeorm';
import {
  Envelope,
  MESSAGING_TRANSPORT,
  MessagingModule,
  messagingOptionsFromEnv,
} from '@railyard/messaging';
import {
  DatabaseModel,
  Outbox,
  OutboxRelay,
  PersistenceModule,
  persistenceEnvSchema,
  UnitOfWork,
} from '@railyard/persistence';
import { validatedConfigModule } from '@railyard/platform';
import { createTestDatabase, DatabaseKind, TestDatabase } from './database';
import { RecordingTransport } from './recording-transport';
import { AggregateStep } from './test-contracts';

/** A service with only the outbox/inbox tables and the relay, its bus replaced by `transport`. */
export async function bootOutboxService(
  db: TestDatabase,
  transport: RecordingTransport,
  {
    start = true,
    env = {} as Record<string, string>,
    service = 'relay-test',
    model = { entities: [], migrations: [] } as DatabaseModel,
  } = {},
): Promise<TestingModule> {
  const config = { ...db.env, OUTBOX_POLL_INTERVAL_MS: '20', ...env };
  const moduleRef = await Test.createTestingModule({
    imports: [
      validatedConfigModule(persistenceEnvSchema(service), config),
      PersistenceModule.forRoot({ service, ...model }),
      MessagingModule.forRoot({ options: messagingOptionsFromEnv(service, {}) }),
    ],
  })
    .overrideProvider(MESSAGING_TRANSPORT)
    .useValue(transport)
    .compile();
  if (start) await moduleRef.init();
  return moduleRef;
}

type BootOptions = NonNullable<Parameters<typeof bootOutboxService>[2]>;

/** A fresh database of `kind` per test; services booted through it are closed after each test. */
export function outboxTestBed(kind: DatabaseKind) {
  let db: TestDatabase;
  const open: TestingModule[] = [];
  beforeEach(async () => {
    db = await createTestDatabase(kind, 'relay-test');
  });
  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((moduleRef) => moduleRef.close()));
    await db.drop();
  });
  return {
    db: () => db,
    boot: async (transport: RecordingTransport, options: BootOptions = {}) => {
      const moduleRef = await bootOutboxService(db, transport, options);
      open.push(moduleRef);
      return moduleRef;
    },
  };
}

/** Commits `count` events of `aggregateId` in one unit of work; payload `i` numbers them. */
export async function stage(
  moduleRef: TestingModule,
  aggregateId: string,
  count: number,
  first = 0,
): Promise<Envelope[]> {
  return moduleRef.get(UnitOfWork).run(async (tx: EntityManager) => {
    const staged: Envelope[] = [];
    for (let i = first; i < first + count; i++) {
      staged.push(await moduleRef.get(Outbox).emit(tx, AggregateStep, { i }, { aggregateId }));
    }
    return staged;
  });
}

export const relayOf = (moduleRef: TestingModule) => moduleRef.get(OutboxRelay);

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  ms = 15_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The `i` payloads published for `aggregateId`, in publish order. */
export const publishedSteps = (published: Envelope[], aggregateId: string) =>
  published.filter((e) => e.aggregateId === aggregateId).map((e) => (e.payload as { i: number }).i);

/** Rows not yet sent (parked ones included). */
export async function unsentCount(moduleRef: TestingModule): Promise<number> {
  const rows: { n: string | number }[] = await moduleRef
    .get(UnitOfWork)
    .dataSource.query('SELECT COUNT(*) AS n FROM outbox_message WHERE sent_at IS NULL');
  return Number(rows[0].n);
}
