import { ConfigValidationError, parseEnv } from '@railyard/platform';
import { gatewayEnvSchema } from './gateway.config';
import { resilienceOptions } from './resilience.config';

describe('gatewayEnvSchema', () => {
  it('has defaults that keep a call inside a second and rate limiting on', () => {
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
      bulkhead: { concurrency: 64, queue: 128 },
    });
    expect(downstreams.legacy).toMatchObject({ attemptTimeoutMs: 2_000, budgetMs: 4_000 });
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
    [{ RESILIENCE_RETRY_BASE_MS: '500' }, 'RESILIENCE_RETRY_BASE_MS'],
    [{ THROTTLE_LIMIT: '0' }, 'THROTTLE_LIMIT'],
    [{ LEGACY_URL: 'not a url' }, 'LEGACY_URL'],
  ])('refuses %j, naming %s', (env, variable) => {
    expect(() => parseEnv(gatewayEnvSchema, env)).toThrow(ConfigValidationError);
    expect(() => parseEnv(gatewayEnvSchema, env)).toThrow(variable);
  });
});
