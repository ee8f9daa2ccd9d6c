import { TransportName } from '@railyard/messaging';
import { envInt } from '@railyard/platform';
import { z } from 'zod';
import { SERVICE_DOWNSTREAMS } from './downstreams';

export interface CallTimeouts {
  attemptTimeoutMs: number;
  budgetMs: number;
}

/**
 * What a command (a create, a set) to a service may take when nothing is set, per transport: a
 * broker adds its round trips and batching under load. Reads keep RESILIENCE_TIMEOUT_MS /
 * RESILIENCE_BUDGET_MS (500/800 ms), so GET /orders/:id still degrades within a second.
 *
 * Measured on 2 cores with `npm run bench:smoke -- --only burst --burst-orders 600`
 * (2026-12-05). With 500/800 ms, RabbitMQ's and Kafka's order circuits opened (590 and 598 of 600
 * answered 503) and TCP's in 3 of 5 runs (attempts over 500 ms on a saturated machine). With
 * these, RabbitMQ and Kafka answered 584–600 × 202 in two runs each, the rest 503 BULKHEAD_FULL
 * (load shed) and no circuit opened; TCP at 1,000/1,500 opened in 1 of 3 runs. At the issue's
 * burst of 200, 500/800 already passes on all three.
 */
export const DEFAULT_COMMAND_TIMEOUTS: Record<TransportName, CallTimeouts> = {
  tcp: { attemptTimeoutMs: 1_000, budgetMs: 1_500 },
  rabbitmq: { attemptTimeoutMs: 1_000, budgetMs: 1_500 },
  kafka: { attemptTimeoutMs: 2_000, budgetMs: 3_000 },
  // One process, no network: the TCP bounds are generous.
  memory: { attemptTimeoutMs: 1_000, budgetMs: 1_500 },
};

type Service = Uppercase<(typeof SERVICE_DOWNSTREAMS)[number]>;
type Bound = 'TIMEOUT_MS' | 'BUDGET_MS';
/** One service's own bounds, over the shared ones: RESILIENCE_ORDER_COMMAND_TIMEOUT_MS... */
type ServiceVariable = `RESILIENCE_${Service}_${'' | 'COMMAND_'}${Bound}`;

const MAX_MS = 10 * 60_000;

/** The optional variables of every service's own bounds, for the gateway's env schema. */
export const serviceTimeoutVariables = Object.fromEntries(
  SERVICE_DOWNSTREAMS.flatMap((service) =>
    ['', 'COMMAND_'].flatMap((kind) =>
      ['TIMEOUT_MS', 'BUDGET_MS'].map((bound) => [
        `RESILIENCE_${service.toUpperCase()}_${kind}${bound}`,
        envInt(1, MAX_MS).optional(),
      ]),
    ),
  ),
) as Record<ServiceVariable, z.ZodOptional<ReturnType<typeof envInt>>>;

/** The variables read: the shared bounds, the command bounds and each service's own. */
export type CallTimeoutEnv = {
  TRANSPORT: TransportName;
  RESILIENCE_TIMEOUT_MS: number;
  RESILIENCE_BUDGET_MS: number;
  RESILIENCE_COMMAND_TIMEOUT_MS?: number;
  RESILIENCE_COMMAND_BUDGET_MS?: number;
} & Partial<Record<ServiceVariable, number>>;

export interface ServiceTimeouts extends CallTimeouts {
  commands: CallTimeouts;
}

/**
 * One service's bounds. Reads: `RESILIENCE_<SERVICE>_TIMEOUT_MS` / `_BUDGET_MS`, else the shared
 * `RESILIENCE_TIMEOUT_MS` / `RESILIENCE_BUDGET_MS`. Commands: `RESILIENCE_<SERVICE>_COMMAND_*`,
 * else `RESILIENCE_COMMAND_*`, else the transport's default.
 */
export function serviceTimeouts(
  env: CallTimeoutEnv,
  service: (typeof SERVICE_DOWNSTREAMS)[number],
): ServiceTimeouts {
  const own = service.toUpperCase() as Service;
  const command = DEFAULT_COMMAND_TIMEOUTS[env.TRANSPORT];
  return {
    attemptTimeoutMs: env[`RESILIENCE_${own}_TIMEOUT_MS`] ?? env.RESILIENCE_TIMEOUT_MS,
    budgetMs: env[`RESILIENCE_${own}_BUDGET_MS`] ?? env.RESILIENCE_BUDGET_MS,
    commands: {
      attemptTimeoutMs:
        env[`RESILIENCE_${own}_COMMAND_TIMEOUT_MS`] ??
        env.RESILIENCE_COMMAND_TIMEOUT_MS ??
        command.attemptTimeoutMs,
      budgetMs:
        env[`RESILIENCE_${own}_COMMAND_BUDGET_MS`] ??
        env.RESILIENCE_COMMAND_BUDGET_MS ??
        command.budgetMs,
    },
  };
}

/**
 * Every service's attempt timeouts within their budgets, for reads and for commands: what is
 * wrong, naming the service's own variable if one was set, else the shared timeout.
 */
export function timeoutProblems(env: CallTimeoutEnv): Array<{ variable: string; message: string }> {
  return SERVICE_DOWNSTREAMS.flatMap((service) => {
    const own = service.toUpperCase() as Service;
    const timeouts = serviceTimeouts(env, service);
    const kinds = [
      ['', timeouts],
      ['COMMAND_', timeouts.commands],
    ] as const;
    return kinds
      .filter(([, bounds]) => bounds.attemptTimeoutMs > bounds.budgetMs)
      .map(([kind, { attemptTimeoutMs, budgetMs }]) => {
        const ownVariables = [
          `RESILIENCE_${own}_${kind}TIMEOUT_MS`,
          `RESILIENCE_${own}_${kind}BUDGET_MS`,
        ] as ServiceVariable[];
        const variable =
          ownVariables.find((name) => env[name] !== undefined) ?? `RESILIENCE_${kind}TIMEOUT_MS`;
        const what = kind ? 'command attempt timeout' : 'attempt timeout';
        return {
          variable,
          message: `${service}'s ${what} (${attemptTimeoutMs} ms) must not exceed its budget (${budgetMs} ms)`,
        };
      });
  });
}
