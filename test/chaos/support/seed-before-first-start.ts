import { SetAccount, SetProduct } from '@railyard/contracts';
import { AppProcess } from '../../support/app-process';
import { BusClient } from '../../support/bus-client';
import { freePort } from '../../support/free-port';
import { waitForStatus } from '../../support/http';
import { ChaosSystem } from './chaos-system';
import { ScenarioFixture } from './scenario-fixture';

/**
 * Seeds stock and accounts into inventory-service's and payment-service's own databases before
 * either has ever been on the system's bus: each runs once, alone, on TCP ports nobody else knows
 * (same DATA_DIR and database env, so the same databases), is given the fixture over that private
 * bus by its own request handlers, and is stopped. On the system's bus (a fresh RabbitMQ vhost,
 * fresh Kafka topics, TCP peers) they have then still never subscribed to anything.
 */
export async function seedBeforeFirstStart(
  chaos: ChaosSystem,
  fixture: ScenarioFixture,
): Promise<void> {
  const bus: Record<string, string> = {
    TRANSPORT: 'tcp',
    INVENTORY_TCP_PORT: String(await freePort()),
    PAYMENT_TCP_PORT: String(await freePort()),
  };
  const apps = ['inventory-service', 'payment-service'] as const;
  const processes = await Promise.all(
    apps.map(async (app) => {
      const httpPort = String(await freePort());
      const variable = app === 'inventory-service' ? 'INVENTORY_HTTP_PORT' : 'PAYMENT_HTTP_PORT';
      const process = new AppProcess(app, {
        ...chaos.system.env,
        ...bus,
        [variable]: httpPort,
      }).start();
      return { app, process, url: `http://127.0.0.1:${httpPort}` };
    }),
  );
  try {
    for (const { app, process, url } of processes) {
      await waitForStatus(`${url}/health/ready`, 200, 60_000).catch((error: Error) => {
        throw new Error(`${app} (seed run): ${error.message}\n${process.output}`);
      });
    }
    const client = await BusClient.connect(bus);
    try {
      for (const [sku, available] of Object.entries(fixture.stock)) {
        await client.requestEventually(SetProduct, {
          sku,
          available,
        });
      }
      for (const [customerId, balance] of Object.entries(fixture.balances)) {
        await client.requestEventually(SetAccount, {
          customerId,
          balance,
        });
      }
    } finally {
      await client.close();
    }
  } finally {
    await Promise.all(processes.map(({ process }) => process.stop()));
  }
}
