import { Controller, Get, Logger, Post } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { RequestTimeoutError } from '@railyard/messaging';
import { CircuitOpenError } from '../errors/circuit-open.error';
import { DeadlineExceededError } from '../errors/deadline-exceeded.error';
import { AttemptContext } from '../policies/resilience-policy';
import { ResilienceRegistry } from '../registry/resilience-registry';
import { ResilienceSettings } from '../settings/resilience-settings';
import { RESILIENCE_REGISTRY } from './guard-handler';
import { resilientCallOf } from './resilient-call';
import { Resilient } from './resilient.decorator';

const settings: ResilienceSettings = {
  attemptTimeoutMs: 100,
  budgetMs: 1_000,
  commands: { attemptTimeoutMs: 300, budgetMs: 1_000 },
  retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
  breaker: { failureThreshold: 4, recoveryMs: 2_000, successThreshold: 2 },
  bulkhead: { concurrency: 4, queue: 4, maxWaitMs: 5_000 },
};

type Work = (request: FakeRequest) => Promise<unknown>;

/** Each handler does what the test gives it for the request (Nest would pass parameters). */
abstract class Handlers {
  work: Work = async () => undefined;
}

@Controller()
@Resilient('payment')
class PaymentsController extends Handlers {
  @Get() read(request: FakeRequest) {
    return this.work(request);
  }
  @Post() write(request: FakeRequest) {
    return this.work(request);
  }
  @Post('replace') @Resilient('payment', { idempotent: true }) replace(request: FakeRequest) {
    return this.work(request);
  }
  @Get('no-retry') @Resilient('payment', { idempotent: false }) readOnce(request: FakeRequest) {
    return this.work(request);
  }
}

@Controller()
class PlainController extends Handlers {
  @Get() read(request: FakeRequest) {
    return this.work(request);
  }
}

interface FakeRequest {
  method: string;
  headers: Record<string, string>;
  /** What @CurrentAttempt() would hand the handler. */
  attempt?: AttemptContext;
}

const timeout = () => new RequestTimeoutError('payment', 'payment.account.get', 100);

describe('@Resilient handlers', () => {
  let registry: ResilienceRegistry;

  beforeEach(() => {
    jest.useFakeTimers();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    registry = ResilienceRegistry.fromSettings({ payment: settings });
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  /**
   * As Nest runs a route: the registry injected into the controller, the request's call resolved as
   * the hidden last argument (a real app does this in resilience.module.spec.ts).
   */
  function call(
    controller: Handlers,
    handler: string,
    request: FakeRequest,
    work: Work,
  ): Promise<unknown> {
    const method = (controller as unknown as Record<string, (...args: unknown[]) => unknown>)[
      handler
    ];
    const context = new ExecutionContextHost(
      [request, {}, () => undefined],
      controller.constructor as never,
      method,
    );
    context.setType('http');
    const resilientCall = resilientCallOf(context);
    request.attempt = resilientCall.current;
    (controller as unknown as Record<symbol, unknown>)[RESILIENCE_REGISTRY] = registry;
    controller.work = work;
    return Promise.resolve(method.call(controller, request, resilientCall));
  }

  async function settle(promise: Promise<unknown>, ms = 5_000) {
    const settled = Promise.allSettled([promise]).then(([result]) => result);
    await jest.advanceTimersByTimeAsync(ms);
    return settled;
  }

  const get = (): FakeRequest => ({ method: 'GET', headers: {} });
  const post = (headers: Record<string, string> = {}): FakeRequest => ({ method: 'POST', headers });
  const payments = new PaymentsController();

  it('retries an idempotent request, telling the handler which attempt it runs', async () => {
    const attempts: AttemptContext[] = [];
    const work = jest.fn(async (request: FakeRequest) => {
      const { signal, timeoutMs, attempt } = request.attempt!;
      attempts.push({ signal, timeoutMs, attempt });
      if (attempts.length < 3) throw timeout();
      return 'ok';
    });
    expect(await settle(call(payments, 'read', get(), work))).toEqual({
      status: 'fulfilled',
      value: 'ok',
    });
    expect(attempts.map((a) => a.attempt)).toEqual([0, 1, 2]);
    expect(attempts[0].timeoutMs).toBe(100);
  });

  it('never retries past the attempt budget', async () => {
    const work = jest.fn(() => Promise.reject(timeout()));
    const result = await settle(call(payments, 'read', get(), work));
    expect(result).toMatchObject({ status: 'rejected', reason: expect.any(RequestTimeoutError) });
    expect(work).toHaveBeenCalledTimes(3);
  });

  it('does not retry a POST without an Idempotency-Key', async () => {
    const work = jest.fn(() => Promise.reject(timeout()));
    await settle(call(payments, 'write', post(), work));
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('retries a POST that carries an Idempotency-Key', async () => {
    const work = jest.fn(() => Promise.reject(timeout()));
    await settle(call(payments, 'write', post({ 'idempotency-key': 'k-1' }), work));
    expect(work).toHaveBeenCalledTimes(3);
  });

  it('lets the decorator say whether a handler is idempotent', async () => {
    const replace = jest.fn(() => Promise.reject(timeout()));
    await settle(call(payments, 'replace', post(), replace));
    expect(replace).toHaveBeenCalledTimes(3);
    const readOnce = jest.fn(() => Promise.reject(timeout()));
    await settle(call(payments, 'readOnce', get(), readOnce));
    expect(readOnce).toHaveBeenCalledTimes(1);
  });

  it('gives a POST (a command) the command timeouts and a GET the read ones', async () => {
    const seen: number[] = [];
    const record = async (request: FakeRequest) => void seen.push(request.attempt!.timeoutMs);
    await settle(call(payments, 'write', post(), record));
    await settle(call(payments, 'read', get(), record));
    expect(seen).toEqual([300, 100]);
  });

  it('times out a hanging handler', async () => {
    const started = Date.now();
    let endedAt = 0;
    const hanging = call(payments, 'write', post(), () => new Promise(() => undefined)).finally(
      () => (endedAt = Date.now()),
    );
    expect(await settle(hanging)).toMatchObject({
      status: 'rejected',
      reason: expect.any(DeadlineExceededError),
    });
    expect(endedAt - started).toBe(300); // a POST: the command attempt timeout
  });

  it('opens the breaker after N failures, fails fast, half-opens and closes after M successes', async () => {
    const failing = jest.fn(() => Promise.reject(timeout()));
    for (let i = 0; i < 4; i++) await settle(call(payments, 'write', post(), failing), 0);
    expect(failing).toHaveBeenCalledTimes(4);

    const work = jest.fn(async () => 'ok');
    const refused = await settle(call(payments, 'read', get(), work), 0);
    expect(refused).toMatchObject({ status: 'rejected', reason: expect.any(CircuitOpenError) });
    expect(work).not.toHaveBeenCalled();

    jest.advanceTimersByTime(2_000);
    expect(await settle(call(payments, 'read', get(), work), 0)).toMatchObject({
      status: 'fulfilled',
    });
    await settle(call(payments, 'read', get(), work), 0);
    expect(work).toHaveBeenCalledTimes(2);
    const after = jest.fn(() => Promise.reject(timeout()));
    await settle(call(payments, 'write', post(), after), 0);
    // Closed again: one failure no longer opens it.
    await expect(settle(call(payments, 'read', get(), work), 0)).resolves.toMatchObject({
      status: 'fulfilled',
    });
  });

  it('runs a guarded method called without its hidden argument as the plain method', async () => {
    const work = jest.fn(() => Promise.reject(timeout()));
    payments.work = work;
    await expect(payments.read(get())).rejects.toThrow(RequestTimeoutError);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('leaves handlers without @Resilient alone', async () => {
    const work = jest.fn(() => Promise.reject(timeout()));
    await settle(call(new PlainController(), 'read', get(), work));
    expect(work).toHaveBeenCalledTimes(1);
  });
});
