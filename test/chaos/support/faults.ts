import { setTimeout as sleep } from 'node:timers/promises';
import { restartKafka, restartRabbitmq } from '../../support/broker-processes';
import { ChaosProfile } from './chaos-profile';
import { ChaosSystem, KAFKA_PORT } from './chaos-system';

export interface FaultContext {
  chaos: ChaosSystem;
  profile: ChaosProfile;
  random: () => number;
  /** What happened, for the report (e.g. which app stood in for a broker on TCP). */
  note(text: string): void;
}

/** One fault scenario: injected once, while the load runs; resolves with how many faults it made. */
export interface Fault {
  /** Short, stable, used in ids: the scenario's orders are prefixed with it. */
  id: string;
  title: string;
  inject(context: FaultContext): Promise<number>;
}

/** How long a killed or cut-off party stays away before it comes back: 1–2 s, seeded. */
const downtime = (random: () => number) => 1_000 + Math.floor(random() * 1_000);

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
    switch (chaos.transport) {
      case 'rabbitmq':
        note('rabbitmqctl stop_app, start_app');
        await restartRabbitmq(downtime(random));
        return 1;
      case 'kafka':
        note('Kafka SIGKILLed, restarted by brokers-up');
        await restartKafka(KAFKA_PORT, 'SIGKILL');
        return 1;
      case 'tcp':
        // There is no broker between TCP peers: the nearest thing is a peer every saga goes
        // through vanishing and coming back, with its connections cut.
        note('no broker on TCP: inventory-service SIGKILLed and restarted instead');
        await chaos.kill('inventory-service');
        await sleep(downtime(random));
        await chaos.restart('inventory-service');
        return 1;
    }
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
];
