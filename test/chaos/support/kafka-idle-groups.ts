import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { eventGroup, requestGroup } from '@railyard/messaging/testing';
import { CHAOS_NAMESPACE as NS } from './chaos-namespace';

const SERVICES = ['order', 'inventory', 'payment'];

/**
 * Consumer groups are named after the services, so every system on one Kafka shares them: a second
 * system running at the same time (another test run, a developer's `npm start`) would take a share
 * of this one's events and requests, and its gateway would get 202s for orders stored in the other
 * system's database. That looks like lost orders and PENDING sagas, so it fails here first, loudly.
 * Waits up to `withinMs` for members that are leaving (a SIGKILLed one stays until its session
 * times out, 10 s).
 */
export async function assertKafkaGroupsIdle(brokers: string[], withinMs = 30_000): Promise<void> {
  const groups = SERVICES.flatMap((service) => [
    eventGroup(NS, service),
    requestGroup(NS, service),
  ]);
  const admin = new Kafka({
    clientId: 'chaos-groups',
    brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const busy = (await admin.describeGroups(groups)).groups.filter(
        (group) => group.members.length > 0,
      );
      if (busy.length === 0) return;
      if (Date.now() > deadline) {
        const who = busy.map(
          (group) =>
            `${group.groupId}: ${group.members.map((m) => `${m.clientId}@${m.clientHost}`).join(', ')}`,
        );
        throw new Error(
          `another system consumes on this Kafka (${who.join('; ')}): it would share this ` +
            "system's consumer groups; stop it first",
        );
      }
      await sleep(500);
    }
  } finally {
    await admin.disconnect();
  }
}
