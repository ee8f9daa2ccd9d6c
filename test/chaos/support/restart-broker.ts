import { setTimeout as sleep } from 'node:timers/promises';
import { restartKafka, restartRabbitmq } from '../../support/broker-processes';
import { ChaosSystem, KAFKA_PORT } from './chaos-system';

/**
 * Restarts the system's broker: `rabbitmqctl stop_app` / `start_app` with `downMs` between, or
 * Kafka SIGKILLed and started again by brokers-up. TCP has no broker between peers: the nearest
 * thing is a peer every saga goes through (inventory-service) vanishing and coming back, with
 * its connections cut. Returns what was done, for the report.
 */
export async function restartBroker(chaos: ChaosSystem, downMs: number): Promise<string> {
  switch (chaos.transport) {
    case 'rabbitmq':
      await restartRabbitmq(downMs);
      return 'rabbitmqctl stop_app, start_app';
    case 'kafka':
      await restartKafka(KAFKA_PORT, 'SIGKILL');
      return 'Kafka SIGKILLed, restarted by brokers-up';
    case 'tcp':
      await chaos.kill('inventory-service');
      await sleep(downMs);
      await chaos.restart('inventory-service');
      return 'no broker on TCP: inventory-service SIGKILLed and restarted instead';
  }
}
