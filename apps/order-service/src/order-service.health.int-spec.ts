import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createTestDatabase, TestDatabase, withEnv } from '../../../test/support/database';
import { freePort } from '../../../test/support/free-port';

jest.setTimeout(60_000);

/** The service module as `main.ts` builds it: /health carries the saga check beside the others. */
describe('order-service /health', () => {
  let db: TestDatabase;
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    await db.drop();
  });

  it('reports the stuck sagas, up', async () => {
    db = await createTestDatabase('sqlite', 'order');
    const restore = withEnv({
      ...db.env,
      TRANSPORT: 'tcp',
      ORDER_TCP_PORT: String(await freePort()),
    });
    try {
      // Its config is parsed when the module is defined, as in main.ts: load it after the env is set.
      const { OrderServiceModule } = await import('./order-service.module');
      const moduleRef = await Test.createTestingModule({ imports: [OrderServiceModule] }).compile();
      app = moduleRef.createNestApplication();
      await app.listen(0, '127.0.0.1');
    } finally {
      restore();
    }
    const response = await fetch(`${await app.getUrl()}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { details: Record<string, unknown> };
    expect(Object.keys(body.details).sort()).toEqual(['database', 'sagas', 'transport']);
    expect(body.details.sagas).toEqual({
      status: 'up',
      stuck: 0,
      oldestStuckId: null,
      oldestStuckAgeMs: 0,
    });
  });
});
