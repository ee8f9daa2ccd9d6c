import { INestApplication, Injectable, Logger } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { defineEvent, serviceStatusContract, ServiceStatusView } from '@railyard/contracts';
import {
  createEnvelope,
  createTransport,
  messagingOptionsFromEnv,
  Transport,
} from '@railyard/messaging';
import { PersistenceModule, persistenceEnvSchema, UnitOfWork } from '@railyard/persistence';
import { validatedConfigModule } from '@railyard/platform';
import { memoryBroker, MemoryBusModule, startTestService } from '@railyard/testing';
import { z } from 'zod/v4';
import {
  createTestDatabase,
  DATABASE_KINDS,
  TestDatabase,
} from '../../../../test/support/database';
import { sagaEnvSchema } from '../config/saga.config';
import { on, SagaDefinition, SagaStep, sendCommand } from '../definition/saga-definition';
import { SagaOrchestrator } from '../orchestrator/saga-orchestrator';
import { sagaModel } from '../persistence/saga.model';
import { SagaModule } from '../saga.module';

jest.setTimeout(60_000);
beforeAll(() => Logger.overrideLogger(false));

const SERVICE = 'status-host';
const none = z.object({});
const Ship = defineEvent({
  type: 'status.ship',
  service: 'status',
  summary: 'ship',
  payload: none,
});
const Shipped = defineEvent({
  type: 'status.shipped',
  service: 'status',
  summary: 'shipped',
  payload: none,
});

/** One step nobody answers: the saga stays RUNNING. */
@Injectable()
class ShippingSaga implements SagaDefinition<object> {
  readonly type = 'status-shipping';
  readonly steps: readonly SagaStep<object>[] = [
    {
      name: 'ship',
      action: sendCommand(Ship, () => ({})),
      replies: [on(Shipped, () => ({ ok: true }))],
    },
  ];
  async onCompleted(): Promise<void> {}
  async onCompensated(): Promise<void> {}
}

/**
 * A service's status answer (`<service>.admin.status`) as the gateway asks for it, from a Nest app
 * that imports PersistenceModule and SagaModule and wires nothing else: the bus serves it, with the
 * outbox and saga parts those libs registered.
 */
describe.each(DATABASE_KINDS)('the status of a service running sagas on %s', (kind) => {
  let db: TestDatabase;
  let app: INestApplication | undefined;
  let gateway: Transport | undefined;
  const broker = `saga-status-${kind}-${Date.now()}`;

  beforeAll(async () => {
    db = await createTestDatabase(kind, SERVICE);
    const schema = persistenceEnvSchema(SERVICE).merge(sagaEnvSchema);
    app = await startTestService({
      imports: [
        validatedConfigModule(schema, { ...db.env, SAGA_TICK_MS: '60000' }),
        MemoryBusModule.forService(SERVICE, { broker }),
        PersistenceModule.forRoot({ service: SERVICE, ...sagaModel }),
        CqrsModule.forRoot(),
        SagaModule.forRoot({ sagas: [ShippingSaga] }),
      ],
    });
    gateway = createTransport(
      messagingOptionsFromEnv(`${SERVICE}-gateway`, {
        TRANSPORT: 'memory',
        MESSAGING_MEMORY_BROKER: broker,
      }),
    );
  });
  afterAll(async () => {
    await app?.close();
    await gateway?.close();
    memoryBroker(broker).discard();
    await db?.drop();
  });

  const status = async () => {
    const { type, result } = serviceStatusContract(SERVICE);
    return result.parse(
      await gateway!.request(SERVICE, createEnvelope({ type, payload: {} }), 10_000),
    ) as ServiceStatusView;
  };

  it(`[${kind}] answers its bus counters, outbox backlog, dead-letter count and sagas by status`, async () => {
    const before = await status();
    expect(before).toMatchObject({
      service: SERVICE,
      transport: 'memory',
      outbox: { pending: 0, retrying: 0, parked: 0, oldestUnsentAgeMs: null },
      deadLetters: 0,
      sagas: { RUNNING: 0, COMPENSATING: 0, COMPLETED: 0, COMPENSATED: 0, FAILED: 0 },
    });

    await app!
      .get(UnitOfWork)
      .run((tx) => app!.get(SagaOrchestrator).start(tx, 'status-shipping', 'ship-1', {}));
    const after = await status();
    expect(after.sagas).toMatchObject({ RUNNING: 1, COMPLETED: 0 });
    // Each status request is a request served by this instance.
    expect(after.bus.requestsServed).toBeGreaterThan(before.bus.requestsServed);
  });
});
