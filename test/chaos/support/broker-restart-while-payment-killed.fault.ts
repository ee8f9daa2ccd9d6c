import { setTimeout as sleep } from 'node:timers/promises';
import { downtime } from './downtime';
import type { Fault } from './faults';
import { restartBroker } from './restart-broker';

/**
 * Combined faults: payment-service is SIGKILLed, the broker restarts while it is away, and only
 * then does payment-service come back. Every survivor reconnects to a broker that lost its
 * connections, the late-coming payment-service finds its queues (topics) with what was published
 * for it meanwhile, and the sagas waiting on a charge ride out both. On TCP the broker restart is
 * inventory-service killed and restarted (restart-broker.ts): two peers down at once.
 */
export const brokerRestartWhilePaymentKilled: Fault = {
  id: 'broker-restart-payment-killed',
  title: 'broker restart while payment-service is SIGKILLed, then payment-service restarted',
  async inject({ chaos, random, note }) {
    await chaos.kill('payment-service');
    note(await restartBroker(chaos, downtime(random)));
    await sleep(downtime(random));
    await chaos.restart('payment-service');
    return 2;
  },
};
