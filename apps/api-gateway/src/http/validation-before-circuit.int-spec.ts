import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { ResilienceRegistry, ResilienceSettings } from '@railyard/resilience';
import { freePort } from '../../../../test/support/free-port';
import { gatewayOnTcp } from '../../../../test/support/gateway-on-tcp';
import { post } from '../../../../test/support/gateway-http';
import { OrdersModule } from '../orders/orders.module';

jest.setTimeout(30_000);

const SETTINGS: ResilienceSettings = {
  attemptTimeoutMs: 200,
  budgetMs: 300,
  retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 20 },
  breaker: { failureThreshold: 2, recoveryMs: 60_000, successThreshold: 1 },
  bulkhead: { concurrency: 8, queue: 8, maxWaitMs: 1_000 },
};
const VALID = { customerId: 'c-1', items: [{ sku: 'SKU-1', quantity: 1, unitPrice: 1 }] };

/**
 * The gateway on a real TCP bus whose order-service is down: its circuit opens. A malformed body
 * must still get its 400 (validation answers before any policy), a valid one the 503.
 */
describe('validation before the circuit (real TCP bus, order-service down)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'railyard-gateway-circuit-'));
  let gateway: INestApplication;
  let url: string;

  beforeAll(async () => {
    const nobody = await freePort(); // nothing listens there: order-service is down
    const peers = [{ name: 'order', host: '127.0.0.1', port: nobody }];
    ({ gateway, url } = await gatewayOnTcp(dataDir, peers, { order: SETTINGS }, [OrdersModule]));
  });
  afterAll(async () => {
    await gateway?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 400 to a malformed body with the circuit open, 503 to a valid one', async () => {
    const registry = gateway.get(ResilienceRegistry);
    for (let i = 0; i < 5 && registry.get('order').snapshot().breaker.state !== 'open'; i++) {
      const failed = await post(`${url}/orders`, VALID);
      expect(failed.status).toBeGreaterThanOrEqual(500);
    }
    expect(registry.get('order').snapshot().breaker.state).toBe('open');

    const malformed = [
      { customerId: 'c-1', items: [] },
      { customerId: 'c-1', items: [{ sku: 'SKU-1', quantity: -1, unitPrice: 1 }] },
      { items: 'not a list' },
    ];
    for (const body of malformed) {
      const refused = await post(`${url}/orders`, body);
      expect({ body, status: refused.status }).toEqual({ body, status: 400 });
    }
    const valid = await post(`${url}/orders`, VALID);
    expect(valid.status).toBe(503);
    expect(valid.headers.get('retry-after')).toMatch(/^\d+$/);
    // The 400s were not calls: the circuit is as open as before, not half-open or closed.
    expect(registry.get('order').snapshot().breaker.state).toBe('open');
  });
});
