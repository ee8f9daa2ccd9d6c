import { Controller, Get, INestApplication, Query } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { MetricsModule, MetricsRegistry } from '@railyard/platform';
import request from 'supertest';
import { ResilienceRegistry } from '../registry/resilience-registry';
import { DEFAULT_RESILIENCE_SETTINGS } from '../settings/resilience-settings';
import { sampleValue, samplesBy } from '../testing/metric-samples';
import { ResilienceModule } from './resilience.module';
import { Resilient } from './resilient.decorator';

@Controller('accounts')
class AccountsController {
  @Get()
  @Resilient('payment', { idempotent: false })
  async get(@Query('fail') fail?: string) {
    if (fail) throw new Error('connection reset');
    return { ok: true };
  }
}

async function appWith(imports: unknown[]): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ...(imports as []),
      ResilienceModule.forRoot({
        downstreams: {
          payment: {
            ...DEFAULT_RESILIENCE_SETTINGS,
            breaker: { failureThreshold: 2, recoveryMs: 60_000, successThreshold: 1 },
          },
        },
      }),
    ],
    controllers: [AccountsController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('ResilienceModule in an app with MetricsModule', () => {
  let app: INestApplication;
  let metrics: MetricsRegistry;

  beforeAll(async () => {
    app = await appWith([MetricsModule.forRoot({ processMetrics: false })]);
    metrics = app.get(MetricsRegistry);
  });
  afterAll(() => app?.close());

  it('counts the calls of @Resilient handlers and shows their circuit on /metrics', async () => {
    const server = app.getHttpServer();
    await request(server).get('/accounts').expect(200);
    await request(server).get('/accounts?fail=1').expect(500);
    await request(server).get('/accounts?fail=1').expect(500);
    // Refused by the open circuit; mapping CIRCUIT_OPEN to 503 is the app's exception filter's.
    await request(server).get('/accounts').expect(500);

    expect(await samplesBy(metrics, 'railyard_downstream_calls_total', 'outcome', {})).toEqual({
      success: 1,
      deliberate_error: 0,
      failure: 2,
      timeout: 0,
      circuit_open: 1,
      bulkhead_full: 0,
    });
    expect(
      await sampleValue(metrics, 'railyard_downstream_call_duration_seconds_count', {
        downstream: 'payment',
        outcome: 'failure',
      }),
    ).toBe(2);
    const scraped = await request(server).get('/metrics').expect(200);
    expect(scraped.text).toContain('railyard_breaker_state{downstream="payment",state="open"} 1');
    expect(scraped.text).toContain('railyard_bulkhead_active{downstream="payment"} 0');
  });
});

describe('ResilienceModule in an app without MetricsModule', () => {
  it('guards calls the same and records nothing', async () => {
    const app = await appWith([]);
    try {
      await request(app.getHttpServer()).get('/accounts').expect(200);
      expect(app.get(ResilienceRegistry).snapshot().payment.breaker.state).toBe('closed');
      expect(() => app.get(MetricsRegistry)).toThrow();
    } finally {
      await app.close();
    }
  });
});
