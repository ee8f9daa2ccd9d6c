import { setTimeout as sleep } from 'node:timers/promises';
import { SystemScenario } from './system-scenario';

/**
 * payment-service away far longer than the whole compensation schedule, which its system shortens
 * so that the quick profile gets past it in seconds: a charge unanswered for 5 s fails its step,
 * the refund that compensates it (the charge may have happened) goes unanswered 3 times within
 * ~2.5 s, the saga counts as stuck, and the refund is resent every 2 s until payment-service is
 * back. Every saga must still end, with its order CANCELLED (`timeout`) or CONFIRMED, money and
 * stock where they belong (issue 14: sagas used to give up and leave the order PENDING).
 */
export const longPaymentOutage: SystemScenario = {
  id: 'long-payment-outage',
  title: 'payment-service down longer than the compensation schedule, then back',
  env: () => ({
    SAGA_STEP_DEADLINE_MS: '5000',
    SAGA_COMPENSATION_ATTEMPTS: '3',
    SAGA_COMPENSATION_BASE_MS: '500',
    SAGA_COMPENSATION_MAX_MS: '1000',
    SAGA_COMPENSATION_STUCK_MAX_MS: '2000',
  }),
  async inject({ chaos, profile, note }) {
    note(`down ${profile.longOutageMs / 1000} s; step deadline 5 s, stuck after 3 sends (~2.5 s)`);
    await chaos.kill('payment-service');
    await sleep(profile.longOutageMs);
    await chaos.restart('payment-service');
    return 1;
  },
  async check({ chaos, fixture }) {
    // The outage outlasted the schedule: were sagas really stuck (resent past it), not just slow?
    const [row] = await chaos.databases.query<{ n: number | string }>(
      'order',
      "SELECT COUNT(DISTINCT l.saga_id) AS n FROM saga_step_log l JOIN customer_order o ON o.id = l.saga_id WHERE l.event = 'STUCK' AND o.customer_id LIKE ?",
      `${fixture.prefix}-%`,
    );
    return Number(row.n) > 0
      ? []
      : ['no saga went past the compensation schedule (no STUCK entry): the outage proved nothing'];
  },
};
