import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication, Injectable } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { defineEvent, SagaPageView } from '@railyard/contracts';
import {
  createTransport,
  Envelope,
  MessagingModule,
  messagingOptionsFromEnv,
  TcpPeer,
  Transport,
} from '@railyard/messaging';
import { PersistenceModule, persistenceEnvSchema, UnitOfWork } from '@railyard/persistence';
import { validatedConfigModule } from '@railyard/platform';
import {
  on,
  SAGA_STEP_HEADER,
  SagaDefinition,
  sagaEnvSchema,
  sagaModel,
  SagaModule,
  SagaOrchestrator,
  SagaStep,
  sendCommand,
} from '@railyard/saga';
import { startTestService } from '@railyard/testing';
import { z } from 'zod/v4';
import { freePort } from '../../../../../test/support/free-port';
import { gatewayOnTcp } from '../../../../../test/support/gateway-on-tcp';
import { adminToken, customerToken } from '../../../../../test/support/gateway-tokens';
import { SagasModule } from '../sagas/sagas.module';
import { runSaga } from './saga.command';

jest.setTimeout(60_000);

/** The gateway routes only to saga hosts (SAGA_HOSTS): the service under test plays order. */
const SERVICE = 'order';
const PARTICIPANT = 'saga-cli-participant';
const SAGA = 'cli-purchase';

const contract = (type: string) =>
  defineEvent({ type, service: 'saga-cli', summary: type, payload: z.object({}) });
const Reserve = contract('saga-cli.reserve');
const Release = contract('saga-cli.release');
const Reserved = contract('saga-cli.reserved');
const Released = contract('saga-cli.released');

/** One step, undone by release; the participant never answers, so every saga stays RUNNING. */
@Injectable()
class CliPurchaseSaga implements SagaDefinition<object> {
  readonly type = SAGA;
  readonly steps: readonly SagaStep<object>[] = [
    {
      name: 'reserve',
      action: sendCommand(Reserve, () => ({})),
      replies: [on(Reserved, () => ({ ok: true }))],
      compensation: { ...sendCommand(Release, () => ({})), replies: [Released] },
    },
  ];

  async onCompleted(): Promise<void> {}
  async onCompensated(): Promise<void> {}
}

/** Runs the command in this process, capturing what it prints. */
async function saga(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSaga(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * The CLI and the admin routes against a real gateway (its guard, its schemas) over a real TCP
 * bus to a service running sagas on SQLite; the commands a retry or an abort sends reach the
 * other service over TCP too.
 */
describe('npm run railyard -- saga (real gateway, real TCP bus)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'railyard-saga-cli-'));
  const received: Envelope[] = [];
  let participant: Transport;
  let service: INestApplication;
  let gateway: INestApplication;
  let url: string;
  let admin: string[];

  const tags = (type: string) =>
    received.filter((e) => e.type === type).map((e) => e.headers[SAGA_STEP_HEADER]);
  const eventually = async (what: string, holds: () => boolean) => {
    const deadline = Date.now() + 20_000;
    while (!holds()) {
      if (Date.now() > deadline) throw new Error(`${what}: not within 20 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  beforeAll(async () => {
    const [servicePort, participantPort] = [await freePort(), await freePort()];
    const peer = (name: string, port: number): TcpPeer => ({ name, host: '127.0.0.1', port });
    const tcp = (name: string, port: number, peers: TcpPeer[]) => {
      const options = messagingOptionsFromEnv(name, {
        TRANSPORT: 'tcp',
        DATA_DIR: join(dataDir, name),
      });
      return { ...options, tcp: { ...options.tcp, port, peers } };
    };
    participant = createTransport(tcp(PARTICIPANT, participantPort, []));
    const record = async (envelope: Envelope) => {
      received.push(envelope);
    };
    await participant.listen({
      events: new Map([
        [Reserve.type, record],
        [Release.type, record],
      ]),
      requests: new Map(),
    });
    const env = {
      DATA_DIR: join(dataDir, SERVICE),
      SAGA_TICK_MS: '60000',
      OUTBOX_POLL_INTERVAL_MS: '20',
    };
    service = await startTestService({
      imports: [
        validatedConfigModule(persistenceEnvSchema(SERVICE).merge(sagaEnvSchema), env),
        MessagingModule.forRoot({
          options: tcp(SERVICE, servicePort, [peer(PARTICIPANT, participantPort)]),
        }),
        PersistenceModule.forRoot({ service: SERVICE, ...sagaModel }),
        CqrsModule.forRoot(),
        SagaModule.forRoot({ sagas: [CliPurchaseSaga] }),
      ],
    });
    ({ gateway, url } = await gatewayOnTcp(
      join(dataDir, 'gateway'),
      [peer(SERVICE, servicePort)],
      {},
      [SagasModule],
    ));
    admin = ['--gateway', url, '--token', adminToken()];
    for (const id of ['s-1', 's-2']) {
      await service
        .get(UnitOfWork)
        .run((tx) => service.get(SagaOrchestrator).start(tx, SAGA, id, {}));
    }
    await eventually('both reserves sent', () => tags(Reserve.type).length === 2);
  });

  afterAll(async () => {
    await gateway?.close();
    await service?.close();
    await participant?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the running sagas as a table, filters by state, and prints JSON on --json', async () => {
    const listed = await saga('list', '--status', 'running', ...admin);
    expect(listed.code).toBe(0);
    const [header, ...rows] = listed.out.split('\n');
    expect(header).toMatch(/^ID\s+TYPE\s+STATUS\s+STEP\s+ATTEMPT\s+UPDATED\s+DEADLINE\s+REASON$/);
    expect(rows.map((row) => row.split(/\s+/).slice(0, 3))).toEqual([
      ['s-2', SAGA, 'RUNNING'],
      ['s-1', SAGA, 'RUNNING'],
    ]);
    expect((await saga('list', '--status', 'COMPENSATING,COMPLETED', ...admin)).out).toBe(
      `no sagas in ${SERVICE} match`,
    );
    const page = JSON.parse((await saga('list', '--limit', '1', '--json', ...admin)).out);
    expect(page).toMatchObject({ entries: [{ id: 's-2' }], next: expect.any(String) });
    const next = await saga('list', '--after', (page as SagaPageView).next!, '--json', ...admin);
    expect(JSON.parse(next.out)).toEqual({ entries: [expect.objectContaining({ id: 's-1' })] });
  });

  it('shows a saga with its steps and timeline', async () => {
    const { code, out } = await saga('show', 's-1', ...admin);
    expect(code).toBe(0);
    expect(out).toMatch(/^saga s-1 \(cli-purchase\): RUNNING at step 0 \(reserve\), attempt 1/);
    expect(out).toMatch(/0\s+reserve\s+saga-cli\.reserve\s+saga-cli\.release/);
    expect(out).toMatch(/0 reserve\s+STARTED\n.*0 reserve\s+ACTION_SENT/);
  });

  it('retries: the reserve is sent again under attempt 2, in the name of the token', async () => {
    const { code, out } = await saga('retry', 's-1', '--reason', 'the reserve was lost', ...admin);
    expect(code).toBe(0);
    expect(out).toMatch(
      /^retried saga s-1: now RUNNING at step 0 \(reserve\), attempt 2, deadline in/,
    );
    expect(out).toMatch(/RETRIED\s+by admin: the reserve was lost/);
    await eventually('the reserve resent', () => tags(Reserve.type).includes('0.a.2'));
  });

  it('aborts: the saga compensates, and a second abort is refused with 409', async () => {
    const { code, out } = await saga('abort', 's-2', '--reason', 'customer called', ...admin);
    expect(code).toBe(0);
    expect(out).toMatch(/^aborted saga s-2: now COMPENSATING at step 0 \(reserve\), attempt 1/);
    expect(out).toContain('reason: aborted by operator: customer called');
    await eventually('the release sent', () => tags(Release.type).includes('0.c.1'));

    expect(await saga('abort', 's-2', ...admin)).toEqual({
      code: 1,
      out: '',
      err:
        'saga: 409: saga s-2 is COMPENSATING and cannot be aborted: its compensation is what ' +
        'makes it safe; retry it instead (SAGA_STATE_CONFLICT)',
    });
  });

  it('says so in one line for an unknown saga, a service running none, a bad token', async () => {
    expect(await saga('retry', 'nope', ...admin)).toMatchObject({
      code: 1,
      err: 'saga: 404: no saga nope (SAGA_NOT_FOUND)',
    });
    expect(await saga('show', 'nope', ...admin)).toMatchObject({
      code: 1,
      err: `saga: 404: no saga nope in ${SERVICE}`,
    });
    expect(await saga('list', '--service', 'payment', ...admin)).toMatchObject({
      code: 1,
      err: 'saga: 404: payment runs no sagas; sagas run in order (SAGA_HOST_NOT_FOUND)',
    });
    const asCustomer = await saga('list', '--gateway', url, '--token', customerToken('c-1'));
    expect(asCustomer.err).toMatch(/^saga: 403 Forbidden: this needs an admin token/);
    expect((await saga('abort', 's-1', '--gateway', url)).err).toMatch(
      /^saga: 401 Unauthorized: no token given/,
    );
  });

  it('answers the routes as the contract says: 401 without a token, 403 to a customer, 400 for bad input', async () => {
    const call = (path: string, token?: string, body?: unknown) =>
      fetch(`${url}/admin/sagas/${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await call(`${SERVICE}/s-1/retry`, undefined, {})).status).toBe(401);
    expect((await call(`${SERVICE}/s-1/abort`, customerToken('c-1'), {})).status).toBe(403);
    expect((await call(SERVICE, customerToken('c-1'))).status).toBe(403);
    const admin_ = adminToken();
    expect((await call(`${SERVICE}?limit=0`, admin_)).status).toBe(400);
    expect((await call(`${SERVICE}?status=STUCK`, admin_)).status).toBe(400);
    expect((await call(`${SERVICE}/s-1/abort`, admin_, { reason: 'x', force: true })).status).toBe(
      400,
    );
    const both = await call(`${SERVICE}?status=RUNNING&status=COMPENSATING`, admin_);
    expect(both.status).toBe(200);
    expect(((await both.json()) as SagaPageView).entries.map((s) => s.id).sort()).toEqual([
      's-1',
      's-2',
    ]);
    const retried = await call(`${SERVICE}/s-2/retry`, admin_, {});
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ id: 's-2', status: 'COMPENSATING', attempt: 2 });
  });
});
