import {
  Controller,
  Get,
  INestApplication,
  Logger,
  Param,
  ParseIntPipe,
  Query,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AttemptContext } from '../policies/resilience-policy';
import { ResilienceRegistry } from '../registry/resilience-registry';
import { DEFAULT_RESILIENCE_SETTINGS } from '../settings/resilience-settings';
import { CurrentAttempt } from './current-attempt.decorator';
import { ResilienceModule } from './resilience.module';
import { Resilient } from './resilient.decorator';

let failuresLeft = 0;

@Controller('accounts')
class AccountsController {
  @Get()
  @Resilient('payment')
  async get(@CurrentAttempt() attempt?: AttemptContext) {
    if (failuresLeft-- > 0) throw new Error('connection reset');
    return { attempt: attempt?.attempt, timeoutMs: attempt?.timeoutMs };
  }
}

/** Class-level @Resilient, decorated parameters and a pipe: the hidden call goes after them. */
@Controller('ledgers')
@Resilient('payment', { idempotent: false })
class LedgersController {
  calls = 0;

  @Get(':page')
  async page(
    @Param('page', ParseIntPipe) page: number,
    @Query('size') size: string,
    @CurrentAttempt() attempt?: AttemptContext,
  ) {
    this.calls++;
    if (size === 'fail') throw new Error('connection reset');
    return { page, size, attempt: attempt?.attempt, timeoutMs: attempt?.timeoutMs };
  }

  @Get()
  unguardedHelper() {
    return { ok: true };
  }
}

describe('ResilienceModule in an app', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ResilienceModule.forRoot({
          downstreams: {
            payment: {
              ...DEFAULT_RESILIENCE_SETTINGS,
              attemptTimeoutMs: 250,
              retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
            },
          },
        }),
      ],
      controllers: [AccountsController, LedgersController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app?.close());

  it('guards a decorated handler with the shared policy and tells it its attempt', async () => {
    failuresLeft = 2;
    const response = await request(app.getHttpServer()).get('/accounts').expect(200);
    expect(response.body).toEqual({ attempt: 2, timeoutMs: 250 });
  });

  it('keeps declared parameters in place on a class-level @Resilient controller', async () => {
    const response = await request(app.getHttpServer()).get('/ledgers/3?size=10').expect(200);
    expect(response.body).toEqual({ page: 3, size: '10', attempt: 0, timeoutMs: 250 });
  });

  it('refuses a bad parameter in its pipe before the policy runs', async () => {
    const ledgers = app.get(LedgersController);
    const before = ledgers.calls;
    const failuresBefore = app.get(ResilienceRegistry).snapshot().payment.breaker;
    await request(app.getHttpServer()).get('/ledgers/three').expect(400);
    expect(ledgers.calls).toBe(before);
    expect(app.get(ResilienceRegistry).snapshot().payment.breaker).toEqual(failuresBefore);
  });

  it('does not retry what the class-level option calls not idempotent', async () => {
    const ledgers = app.get(LedgersController);
    const before = ledgers.calls;
    await request(app.getHttpServer()).get('/ledgers/1?size=fail').expect(500);
    expect(ledgers.calls - before).toBe(1);
  });

  it('builds one policy per downstream, whose breaker every request feeds', async () => {
    const registry = app.get(ResilienceRegistry);
    expect(registry.downstreams).toEqual(['payment']);
    failuresLeft = 2;
    await request(app.getHttpServer()).get('/accounts').expect(200);
    // Two failed attempts counted, then the success reset the count: one shared breaker.
    expect(registry.snapshot().payment.breaker).toMatchObject({
      state: 'closed',
      consecutiveFailures: 0,
    });
  });

  it('logs breaker state changes', async () => {
    const logger = { warn: jest.fn(), log: jest.fn(), error: jest.fn() };
    const registry = ResilienceRegistry.fromSettings(
      {
        order: {
          ...DEFAULT_RESILIENCE_SETTINGS,
          breaker: { failureThreshold: 1, recoveryMs: 1_000, successThreshold: 1 },
        },
      },
      logger as unknown as Logger,
    );
    await expect(
      registry
        .get('order')
        .execute(() => Promise.reject(new Error('ECONNREFUSED')), { idempotent: false }),
    ).rejects.toThrow('ECONNREFUSED');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/circuit of order opened .*ECONNREFUSED/),
    );
  });
});
