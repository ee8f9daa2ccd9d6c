import { setTimeout as sleep } from 'node:timers/promises';
import { brokerRestartWhilePaymentKilled } from './broker-restart-while-payment-killed.fault';
import { ChaosProfile } from './chaos-profile';
import { ChaosSystem } from './chaos-system';
import { downtime } from './downtime';
import { PlacedOrder } from './order-load';
import { poisonOutboxRow } from './poison-outbox-row.fault';
import { restartBroker } from './restart-broker';
import { ScenarioFixture } from './scenario-fixture';

export interface FaultContext {
  chaos: ChaosSystem;
  profile: ChaosProfile;
  random: () => number;
  /** What happened, for the report (e.g. which app stood in for a broker on TCP). */
  note(text: string): void;
}

/** What a fault's own check sees once the scenario is quiet. */
export interface CheckContext {
  chaos: ChaosSystem;
  fixture: ScenarioFixture;
  placed: PlacedOrder[];
}

/** One fault scenario: injected once, while the load runs; resolves with how many faults it made. */
export interface Fault {
  /** Short, stable, used in ids: the scenario's orders are prefixed with it. */
  id: string;
  title: string;
  inject(context: FaultContext): Promise<number>;
  /** Creates the scenario's stock and accounts; by default through the gateway. */
  seed?(chaos: ChaosSystem, fixture: ScenarioFixture): Promise<void>;
  /** What this fault must leave true beyond the common invariants: one line per violation. */
  check?(context: CheckContext): Promise<string[]>;
}

const killAndRestart = (app: 'payment-service' | 'order-service'): Fault => ({
  id: `kill-${app.replace('-service', '')}`,
  title: `SIGKILL ${app}, then restart it`,
  async inject({ chaos, random }) {
    await chaos.kill(app);
    await sleep(downtime(random));
    await chaos.restart(app);
    return 1;
  },
});

const brokerRestart: Fault = {
  id: 'broker-restart',
  title: 'broker restart',
  async inject({ chaos, random, note }) {
    note(await restartBroker(chaos, downtime(random)));
    return 1;
  },
};

const pauseLongerThanSession: Fault = {
  id: 'sigstop-payment',
  title: 'SIGSTOP payment-service past the session timeout, then SIGCONT',
  async inject({ chaos, profile, note }) {
    note(`stopped ${profile.stopMs / 1000} s (Kafka session 10 s, AMQP heartbeat 5 s)`);
    chaos.signal('payment-service', 'SIGSTOP');
    try {
      await sleep(profile.stopMs);
    } finally {
      chaos.signal('payment-service', 'SIGCONT');
    }
    return 1;
  },
};

const faultyLink: Fault = {
  id: 'proxy-payment',
  title: "fault proxy on payment-service's link: latency, resets, dropped connects, down, stalled",
  async inject({ chaos, note }) {
    const { proxy } = chaos;
    note(
      chaos.transport === 'tcp'
        ? 'proxy between every peer and payment-service'
        : `proxy between payment-service and ${chaos.transport}`,
    );
    proxy.setLatency(100, 100);
    await sleep(2_000);
    const cut = proxy.resetAll();
    proxy.setConnectDropRate(0.5);
    await sleep(2_000);
    proxy.setConnectDropRate(0);
    await proxy.setDown(true); // refuses new connections; resetAll cuts the open ones: a crash
    proxy.resetAll();
    await sleep(2_000);
    await proxy.setDown(false);
    proxy.setStalled(true);
    await sleep(2_000);
    await proxy.heal();
    const stats = proxy.stats();
    note(`${cut} connections reset, ${stats.refused} connects dropped`);
    return 5;
  },
};

/** A drain slower than this is worth its logs (a quiet one takes well under a second). */
const SLOW_DRAIN_MS = 5_000;

const gracefulDrain: Fault = {
  id: 'sigterm-order',
  title: 'SIGTERM order-service under load (graceful drain), then restart it',
  async inject({ chaos, note }) {
    const began = Date.now();
    const code = await chaos.terminate('order-service');
    const tookMs = Date.now() - began;
    note(`order-service exited ${code} after ${tookMs} ms`);
    if (tookMs > SLOW_DRAIN_MS) {
      // Seen once in CI (20 s on RabbitMQ, two shutdown bounds): keep what the drain said,
      // before restart() replaces the process and its output.
      const output = chaos.system.processes.get('order-service')?.output.slice(-6_000);
      console.warn(
        `[${chaos.transport}] slow drain (${tookMs} ms); order-service said:\n${output}`,
      );
    }
    if (code !== 0 && code !== 'SIGTERM')
      throw new Error(`order-service drained badly: exit ${code}`);
    await chaos.restart('order-service');
    return 1;
  },
};

export const FAULTS: Fault[] = [
  killAndRestart('payment-service'),
  killAndRestart('order-service'),
  brokerRestart,
  pauseLongerThanSession,
  faultyLink,
  gracefulDrain,
  poisonOutboxRow,
  brokerRestartWhilePaymentKilled,
];
