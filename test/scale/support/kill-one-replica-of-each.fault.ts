import { setTimeout as sleep } from 'node:timers/promises';
import { downtime } from '../../chaos/support/downtime';
import { Fault } from '../../chaos/support/faults';
import { SERVICE_APPS } from '../../support/system';

/** The second replica of each service, as the scale suite names them. */
export const secondReplica = (app: string) => `${app}#2`;

/**
 * SIGKILL one replica of every service at once, mid-load: whatever it had taken from the bus and
 * not acknowledged goes to the remaining replica (a Kafka rebalance, RabbitMQ's redelivery), and
 * what it had claimed in the shared database (outbox rows, saga deadlines) is taken over. It is
 * started again after a downtime, so the replicas also rejoin while orders flow.
 */
export const killOneReplicaOfEach: Fault = {
  id: 'kill-replicas',
  title: 'SIGKILL one replica of each service, then restart it',
  async inject({ chaos, random }) {
    await Promise.all(SERVICE_APPS.map((app) => chaos.killReplica(secondReplica(app))));
    await sleep(downtime(random));
    await Promise.all(SERVICE_APPS.map((app) => chaos.restartReplica(secondReplica(app))));
    return SERVICE_APPS.length;
  },
};
