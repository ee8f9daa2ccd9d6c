import { commonEnvSchema, envInt, envPort } from '@railyard/platform';
import { messagingEnvSchema } from '@railyard/messaging';
import { z } from 'zod';
import { authEnvSchema, authProblems } from '../auth/auth.config';
import { serviceTimeoutVariables, timeoutProblems } from './call-timeouts';
import { envPathPrefixes } from './env-path-prefixes';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** Everything the gateway reads from the environment; validated before anything starts. */
export const gatewayEnvSchema = commonEnvSchema
  .merge(messagingEnvSchema)
  .merge(authEnvSchema)
  .extend({
    GATEWAY_HTTP_PORT: envPort().default(3000),
    // Where the services' own /health/ready answers: shown in the gateway's /health details.
    ORDER_HOST: z.string().min(1).default('127.0.0.1'),
    ORDER_HTTP_PORT: envPort().default(3001),
    INVENTORY_HOST: z.string().min(1).default('127.0.0.1'),
    INVENTORY_HTTP_PORT: envPort().default(3002),
    PAYMENT_HOST: z.string().min(1).default('127.0.0.1'),
    PAYMENT_HTTP_PORT: envPort().default(3003),
    // Policies of every call to order, inventory and payment (see libs/resilience). Command
    // timeouts default per transport (call-timeouts.ts); a service's own variables win.
    RESILIENCE_TIMEOUT_MS: envInt(1, 10 * MINUTE).default(500),
    RESILIENCE_BUDGET_MS: envInt(1, 10 * MINUTE).default(800),
    RESILIENCE_COMMAND_TIMEOUT_MS: envInt(1, 10 * MINUTE).optional(),
    RESILIENCE_COMMAND_BUDGET_MS: envInt(1, 10 * MINUTE).optional(),
    ...serviceTimeoutVariables,
    RESILIENCE_RETRY_ATTEMPTS: envInt(1, 10).default(3),
    RESILIENCE_RETRY_BASE_MS: envInt(1, MINUTE).default(50),
    RESILIENCE_RETRY_MAX_MS: envInt(1, MINUTE).default(200),
    RESILIENCE_BREAKER_FAILURES: envInt(1, 10_000).default(5),
    RESILIENCE_BREAKER_RECOVERY_MS: envInt(1, 60 * MINUTE).default(5 * SECOND),
    RESILIENCE_BREAKER_SUCCESSES: envInt(1, 1_000).default(2),
    RESILIENCE_BULKHEAD_CONCURRENCY: envInt(1, 100_000).default(64),
    RESILIENCE_BULKHEAD_QUEUE: envInt(0, 1_000_000).default(256),
    RESILIENCE_BULKHEAD_MAX_WAIT_MS: envInt(1, 10 * MINUTE).default(5 * SECOND),
    // Strangler fig: path prefixes still served by a legacy HTTP application.
    LEGACY_URL: z.string().url().optional(),
    LEGACY_ROUTES: envPathPrefixes().default(''),
    LEGACY_TIMEOUT_MS: envInt(1, 10 * MINUTE).default(3 * SECOND),
    LEGACY_BUDGET_MS: envInt(1, 10 * MINUTE).default(5 * SECOND),
    // Proxies in front of the gateway whose X-Forwarded-For/-Proto/-Host it believes (Express's
    // `trust proxy`: e.g. loopback, 10.0.0.0/8, or a hop count). Unset: none, the socket decides.
    GATEWAY_TRUST_PROXY: z
      .string()
      .regex(
        /^[A-Za-z0-9.:/, ]+$/,
        'addresses, subnets, loopback/linklocal/uniquelocal, or a hop count',
      )
      .optional(),
    LEGACY_FORWARD_HEADERS: z
      .string()
      .regex(/^[A-Za-z0-9-]*(?:\s*,\s*[A-Za-z0-9-]+)*$/, 'comma-separated header names')
      .default(''),
    // Requests per client address per window, on every route but /health.
    THROTTLE_TTL_MS: envInt(SECOND, 60 * MINUTE).default(10 * SECOND),
    THROTTLE_LIMIT: envInt(1, 10_000_000).default(500),
    // The console's live stream (GET /admin/stream): how often its one shared poller asks every
    // service for its status, and how many streams may be open at once on this gateway.
    CONSOLE_STREAM_INTERVAL_MS: envInt(200, 10 * MINUTE).default(SECOND),
    CONSOLE_STREAM_MAX_CLIENTS: envInt(1, 1_000).default(20),
  })
  .superRefine((env, ctx) => {
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
    for (const { variable, message } of timeoutProblems(env)) problem(variable, message);
    for (const { variable, message } of authProblems(env)) problem(variable, message);
    if (env.LEGACY_TIMEOUT_MS > env.LEGACY_BUDGET_MS) {
      problem('LEGACY_TIMEOUT_MS', 'must not exceed LEGACY_BUDGET_MS');
    }
    if (env.RESILIENCE_RETRY_BASE_MS > env.RESILIENCE_RETRY_MAX_MS) {
      problem('RESILIENCE_RETRY_BASE_MS', 'must not exceed RESILIENCE_RETRY_MAX_MS');
    }
    if (env.LEGACY_ROUTES.trim() !== '' && !env.LEGACY_URL) {
      problem('LEGACY_URL', 'is required when LEGACY_ROUTES is set');
    }
  });

export type GatewayConfig = z.output<typeof gatewayEnvSchema>;
