import { ConfigValidationError, parseEnv } from '@railyard/platform';
import { gatewayEnvSchema } from './gateway.config';
import { DEFAULT_COMMAND_TIMEOUTS } from './call-timeouts';
import { resilienceOptions } from './resilience.config';

describe('gatewayEnvSchema', () => {
  it('has defaults that keep a read inside a second and rate limiting on', () => {
    const env = parseEnv(gatewayEnvSchema, {});
    expect(env).toMatchObject({
      RESILIENCE_TIMEOUT_MS: 500,
      RESILIENCE_BUDGET_MS: 800,
      THROTTLE_LIMIT: 500,
      THROTTLE_TTL_MS: 10_000,
      LEGACY_ROUTES: '',
    });
    expect(env.LEGACY_URL).toBeUndefined();
  });

  it('builds one policy per downstream, the legacy one with its own timeouts', () => {
    const env = parseEnv(gatewayEnvSchema, { LEGACY_TIMEOUT_MS: '2000', LEGACY_BUDGET_MS: '4000' });
    const { downstreams } = resilienceOptions((key) => env[key]);
    expect(Object.keys(downstreams)).toEqual(['order', 'inventory', 'payment', 'legacy']);
    expect(downstreams.payment).toMatchObject({
      attemptTimeoutMs: 500,
      budgetMs: 800,
      retry: { maxAttempts: 3 },
      breaker: { failureThreshold: 5, recoveryMs: 5_000, successThreshold: 2 },
      bulkhead: { concurrency: 64, queue: 256, maxWaitMs: 5_000 },
    });
    expect(downstreams.legacy).toMatchObject({ attemptTimeoutMs: 2_000, budgetMs: 4_000 });
  });

  it.each(Object.entries(DEFAULT_COMMAND_TIMEOUTS))(
    'defaults command timeouts by transport (%s), reads stay within a second',
    (transport, commands) => {
      const env = parseEnv(gatewayEnvSchema, { TRANSPORT: transport });
      const { downstreams } = resilienceOptions((key) => env[key]);
      for (const service of ['order', 'inventory', 'payment'] as const) {
        expect(downstreams[service]).toMatchObject({
          attemptTimeoutMs: 500,
          budgetMs: 800,
          commands,
        });
      }
    },
  );

  it("takes a service's own bounds over the shared ones, and the shared over the transport's", () => {
    const env = parseEnv(gatewayEnvSchema, {
      TRANSPORT: 'kafka',
      RESILIENCE_TIMEOUT_MS: '700',
      RESILIENCE_COMMAND_TIMEOUT_MS: '900',
      RESILIENCE_ORDER_COMMAND_TIMEOUT_MS: '2500',
      RESILIENCE_ORDER_COMMAND_BUDGET_MS: '4000',
      RESILIENCE_PAYMENT_BUDGET_MS: '900',
    });
    const { downstreams } = resilienceOptions((key) => env[key]);
    expect(downstreams.order).toMatchObject({
      attemptTimeoutMs: 700,
      budgetMs: 800,
      commands: { attemptTimeoutMs: 2_500, budgetMs: 4_000 },
    });
    expect(downstreams.payment).toMatchObject({
      attemptTimeoutMs: 700,
      budgetMs: 900,
      commands: { attemptTimeoutMs: 900, budgetMs: DEFAULT_COMMAND_TIMEOUTS.kafka.budgetMs },
    });
  });

  it('accepts legacy routes with a URL', () => {
    const env = parseEnv(gatewayEnvSchema, {
      LEGACY_URL: 'http://monolith:8080',
      LEGACY_ROUTES: '/reports, /customers/export/',
    });
    expect(env.LEGACY_ROUTES).toBe('/reports, /customers/export/');
  });

  it.each([
    [{ LEGACY_ROUTES: '/reports' }, 'LEGACY_URL'],
    [{ LEGACY_URL: 'http://m', LEGACY_ROUTES: 'reports' }, 'LEGACY_ROUTES'],
    [{ LEGACY_URL: 'http://m', LEGACY_ROUTES: '/health' }, 'LEGACY_ROUTES'],
    [{ LEGACY_URL: 'http://m', LEGACY_ROUTES: '/a/:id' }, 'LEGACY_ROUTES'],
    [{ RESILIENCE_TIMEOUT_MS: '900' }, 'RESILIENCE_TIMEOUT_MS'],
    [{ RESILIENCE_PAYMENT_BUDGET_MS: '100' }, 'RESILIENCE_PAYMENT_BUDGET_MS'],
    [{ RESILIENCE_COMMAND_TIMEOUT_MS: '9000' }, 'RESILIENCE_COMMAND_TIMEOUT_MS'],
    [{ RESILIENCE_ORDER_COMMAND_BUDGET_MS: '10' }, 'RESILIENCE_ORDER_COMMAND_BUDGET_MS'],
    [{ RESILIENCE_ORDER_TIMEOUT_MS: '0' }, 'RESILIENCE_ORDER_TIMEOUT_MS'],
    [{ RESILIENCE_BULKHEAD_MAX_WAIT_MS: '0' }, 'RESILIENCE_BULKHEAD_MAX_WAIT_MS'],
    [{ RESILIENCE_RETRY_BASE_MS: '500' }, 'RESILIENCE_RETRY_BASE_MS'],
    [{ THROTTLE_LIMIT: '0' }, 'THROTTLE_LIMIT'],
    [{ LEGACY_URL: 'not a url' }, 'LEGACY_URL'],
  ])('refuses %j, naming %s', (env, variable) => {
    expect(() => parseEnv(gatewayEnvSchema, env)).toThrow(ConfigValidationError);
    expect(() => parseEnv(gatewayEnvSchema, env)).toThrow(variable);
  });
});
