import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { INestApplication } from '@nestjs/common';
import { CreateOrder, SetAccount, SetProduct } from '@railyard/contracts';
import {
  createTransport,
  Envelope,
  messagingOptionsFromEnv,
  TcpPeer,
  Transport,
} from '@railyard/messaging';
import { ResilienceSettings } from '@railyard/resilience';
import { freePort } from '../../../../test/support/free-port';
import { gatewayOnTcp } from '../../../../test/support/gateway-on-tcp';
import { post } from '../../../../test/support/gateway-http';
import { InventoryModule } from '../inventory/inventory.module';
import { OrdersModule } from '../orders/orders.module';
import { PaymentsModule } from '../payments/payments.module';

jest.setTimeout(30_000);

/** Short attempts, so the downstream's first (slow) answer always comes after its attempt ended. */
const SETTINGS: ResilienceSettings = {
  attemptTimeoutMs: 300,
  budgetMs: 5_000,
  retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
  breaker: { failureThreshold: 100, recoveryMs: 1_000, successThreshold: 1 },
  bulkhead: { concurrency: 8, queue: 8, maxWaitMs: 5_000 },
};
const SLOW_FIRST_ANSWER_MS = 1_000;

/** A downstream on a real TCP bus that answers its first request late: the gateway retries. */
class SlowFirstService {
  readonly seen: Envelope[] = [];
  private constructor(private readonly transport: Transport) {}

  static async start(peer: TcpPeer, pattern: string, dataDir: string, answer: unknown) {
    const options = messagingOptionsFromEnv(peer.name, { TRANSPORT: 'tcp', DATA_DIR: dataDir });
    const transport = createTransport({
      ...options,
      tcp: { ...options.tcp, port: peer.port, bindHost: peer.host, peers: [] },
    });
    const service = new SlowFirstService(transport);
    const handle = async (envelope: Envelope) => {
      service.seen.push(envelope);
      if (service.seen.length === 1) await sleep(SLOW_FIRST_ANSWER_MS);
      return answer;
    };
    await transport.listen({ events: new Map(), requests: new Map([[pattern, handle]]) });
    return service;
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}

describe('the gateway retrying a request after a timeout (real TCP bus)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'railyard-gateway-retry-'));
  const services: Record<string, SlowFirstService> = {};
  let gateway: INestApplication;
  let url: string;

  beforeAll(async () => {
    const peers: TcpPeer[] = [];
    for (const name of ['order', 'inventory', 'payment']) {
      peers.push({ name, host: '127.0.0.1', port: await freePort() });
    }
    const [order, inventory, payment] = peers;
    services.order = await SlowFirstService.start(order, CreateOrder.type, dataDir, {
      orderId: 'order-1',
      status: 'PENDING',
      replayed: false,
    });
    services.inventory = await SlowFirstService.start(inventory, SetProduct.type, dataDir, {
      sku: 'SKU-1',
      available: 3,
      reserved: 0,
    });
    services.payment = await SlowFirstService.start(payment, SetAccount.type, dataDir, {
      customerId: 'c-1',
      balance: 500,
    });
    ({ gateway, url } = await gatewayOnTcp(
      dataDir,
      peers,
      { order: SETTINGS, inventory: SETTINGS, payment: SETTINGS },
      [OrdersModule, InventoryModule, PaymentsModule],
    ));
  });
  afterAll(async () => {
    await gateway?.close();
    for (const service of Object.values(services)) await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    [
      'order',
      '/orders',
      { customerId: 'c-1', items: [{ sku: 'SKU-1', quantity: 1, unitPrice: 1 }] },
      { 'idempotency-key': 'key-1' },
    ],
    ['inventory', '/inventory/products', { sku: 'SKU-1', available: 3 }, {}],
    ['payment', '/payments/accounts', { customerId: 'c-1', balance: 5 }, {}],
  ])(
    'POST to %s: every attempt carries the one message id of the HTTP request',
    async (service, path, body, headers) => {
      const answer = await post(`${url}${path}`, body, headers);
      expect(answer.status).toBeLessThan(300);
      const ids = services[service].seen.map((envelope) => envelope.messageId);
      expect(ids.length).toBeGreaterThanOrEqual(2);
      expect(new Set(ids)).toEqual(new Set([ids[0]]));
    },
  );

  it('gives another HTTP request another message id', async () => {
    const before = new Set(services.inventory.seen.map((envelope) => envelope.messageId));
    await post(`${url}/inventory/products`, { sku: 'SKU-1', available: 3 });
    const latest = services.inventory.seen.at(-1)!;
    expect(before.has(latest.messageId)).toBe(false);
  });
});
