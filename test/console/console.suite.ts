import { ReserveStock } from '@railyard/contracts';
import { randomUUID } from 'node:crypto';
import { BusClient } from '../support/bus-client';
import { eventually } from '../support/gateway-http';
import { adminToken, customerToken } from '../support/gateway-tokens';
import { TestSystem, TransportName } from '../support/system';
import { ConsoleBrowser } from './support/console-browser';
import { ConsoleShop, ProductStock } from './support/console-shop';

/** Long enough for a Kafka consumer group to settle after payment-service comes back. */
const LIVE_WITHIN_MS = 90_000;

/**
 * The admin console in a real browser against the four built apps on one transport: sign in,
 * watch an order's saga complete live, then find a poison message among the dead letters, fix it
 * in the page's editor, replay it, and see its effect through the API. Screenshots of each step
 * go to reports/console/<transport>-<step>.png.
 */
export function consoleSuite(transport: TransportName): void {
  describe(`console on ${transport}`, () => {
    const run = randomUUID().slice(0, 8);
    const sku = `CONSOLE-${run}`;
    const customerId = `console-${run}`;
    let system: TestSystem;
    let shop: ConsoleShop;
    let browser: ConsoleBrowser;
    let bus: BusClient;

    beforeAll(async () => {
      system = await TestSystem.create(transport, {
        LOG_LEVEL: 'warn',
        // The brokers are shared: this run's queues, topics and groups are its own.
        RAILYARD_NAMESPACE: `console-${run}`,
        // payment-service is stopped on purpose below: its step must wait, not time out.
        SAGA_STEP_DEADLINE_MS: String(3 * LIVE_WITHIN_MS),
      });
      await system.startAll();
      shop = new ConsoleShop(system.url('api-gateway'));
      await shop.seed(sku, customerId);
      bus = await BusClient.connect(system.env);
      browser = await ConsoleBrowser.open(transport);
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await bus?.close();
      await system?.stopAll();
    }, 60_000);

    const page = () => browser.page;
    const byTestId = (id: string) => page().getByTestId(id);
    /** Waits for `text` in the element; on a timeout, a screenshot of the page as it was. */
    const waitForText = async (id: string, text: string | RegExp, timeout = LIVE_WITHIN_MS) => {
      try {
        await byTestId(id).filter({ hasText: text }).waitFor({ timeout });
      } catch (error) {
        await browser.screenshot(`failed-${id.replace(/[^a-z0-9-]/g, '')}`);
        throw error;
      }
    };

    it('refuses a customer token with a clear message', async () => {
      await browser.signIn(system.url('api-gateway'), customerToken(customerId));
      await waitForText('login-error', /not an admin token/, 15_000);
      await browser.screenshot('login-refused');
    });

    it('signs in with an admin token and shows the live overview', async () => {
      await browser.signIn(system.url('api-gateway'), adminToken());
      await waitForText('live-status', 'live', 30_000);
      await byTestId('downstream-payment').waitFor();
      await byTestId('service-inventory').waitFor();
      expect(await byTestId('downstream-payment').textContent()).toMatch(/closed/);
      await browser.screenshot('overview');
    });

    it(
      "shows an order's saga going from RUNNING to COMPLETED, and the order to CONFIRMED, live",
      async () => {
        // Held at the payment step while payment-service is down, so the page sees it running.
        await system.processes.get('payment-service')!.stop();
        const orderId = await shop.placeOrder(sku, customerId);
        await byTestId('tab-sagas').click();
        await waitForText(`saga-status-${orderId}`, /^RUNNING$/);
        await byTestId(`saga-open-${orderId}`).click();
        await waitForText('order-status', /^PENDING$/);
        await browser.screenshot('saga-running');

        system.start('payment-service');
        await system.waitReady('payment-service');
        await waitForText(`saga-status-${orderId}`, /^COMPLETED$/);
        await waitForText('order-status', /^CONFIRMED$/);
        expect(await byTestId('saga-timeline').textContent()).toMatch(/charge/i);
        await browser.screenshot('saga-completed');
      },
      3 * LIVE_WITHIN_MS,
    );

    it(
      'retries, then aborts, a saga held at a step, and shows it compensate',
      async () => {
        await system.processes.get('payment-service')!.stop();
        const orderId = await shop.placeOrder(sku, customerId);
        await byTestId('tab-overview').click();
        await byTestId('tab-sagas').click();
        // Filtered to RUNNING (asked of the gateway): the held saga, not the completed one.
        await page().getByLabel('RUNNING', { exact: true }).check();
        await waitForText(`saga-status-${orderId}`, /^RUNNING$/);
        const listed = await page().locator('[data-testid^="saga-status-"]').allTextContents();
        expect(new Set(listed)).toEqual(new Set(['RUNNING']));
        await browser.screenshot('sagas-filtered');
        await page().getByLabel('RUNNING', { exact: true }).uncheck();
        await byTestId(`saga-open-${orderId}`).click({ timeout: LIVE_WITHIN_MS });
        await waitForText('saga-detail-step', /attempt 1$/);
        await byTestId('saga-retry').click();
        await waitForText('saga-detail-step', /attempt 2$/);
        await browser.screenshot('saga-retried');

        await byTestId('saga-abort-reason').fill('console test: customer called');
        await byTestId('saga-abort').click();
        await waitForText('saga-detail-status', /^(COMPENSATING|COMPENSATED)$/);
        await browser.screenshot('saga-aborted');
        system.start('payment-service');
        await system.waitReady('payment-service');
        await waitForText(`saga-status-${orderId}`, /^COMPENSATED$/);
        await waitForText('order-status', /^CANCELLED$/);
        expect(await byTestId('saga-timeline').textContent()).toMatch(/RETRIED[\s\S]*ABORTED/);
        await browser.screenshot('saga-compensated');
      },
      3 * LIVE_WITHIN_MS,
    );

    it(
      'finds a poison message among the dead letters, and replays a fixed copy from the page',
      async () => {
        const before = await shop.stock(sku);
        const orderId = `poison-${run}`;
        // inventory-service consumes ReserveStock: a quantity in words fails its contract there.
        const poison = await bus.publishUnchecked(ReserveStock.type, {
          orderId,
          items: [{ sku, quantity: 'two' }],
        });
        await byTestId('tab-dead-letters').click();
        await byTestId('dead-letter-service').selectOption('inventory');
        const row = page().locator(
          `[data-testid="dead-letter-row"][data-message-id="${poison.messageId}"]`,
        );
        await row.waitFor({ timeout: LIVE_WITHIN_MS });
        expect(await row.textContent()).toContain('"two"');
        await browser.screenshot('dead-letter');

        await row.getByTestId('dead-letter-edit').click();
        await byTestId('payload-editor').fill(
          JSON.stringify({ orderId, items: [{ sku, quantity: 2 }] }, null, 2),
        );
        await browser.screenshot('dead-letter-editing');
        await byTestId('replay-edited').click();
        await waitForText('dead-letter-outcome', /replay edited: 1 done/, 60_000);
        await row.waitFor({ state: 'detached', timeout: LIVE_WITHIN_MS });

        // The fixed copy was handled: its two units are held for the order it names.
        const held = async () => {
          const stock = await shop.stock(sku);
          return stock.reserved === before.reserved + 2 ? stock : null;
        };
        const after = (await eventually(held, LIVE_WITHIN_MS)) as ProductStock;
        expect(after.available).toBe(before.available - 2);
        await browser.screenshot('dead-letter-replayed');
        await byTestId('tab-overview').click();
        await browser.screenshot('overview-after');
      },
      3 * LIVE_WITHIN_MS,
    );
  });
}
