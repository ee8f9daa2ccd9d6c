import { setTimeout as sleep } from 'node:timers/promises';
import { Admin, Kafka, logLevel } from 'kafkajs';

async function withAdmin<T>(brokers: string[], work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = new Kafka({
    clientId: 'chaos-fresh-topics',
    brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Deletes `topics` (those that exist) and waits until the broker no longer lists them, so that the
 * next publisher creates them afresh. The broker drops the committed offsets of a deleted topic,
 * so a group that consumed the old one starts the new one as a new group would. Only while no
 * process of the system runs: a running producer would not notice the deletion.
 */
export async function deleteTopics(
  brokers: string[],
  topics: string[],
  withinMs = 60_000,
): Promise<void> {
  await withAdmin(brokers, async (admin) => {
    const present = () =>
      admin.listTopics().then((all) => topics.filter((topic) => all.includes(topic)));
    const existing = await present();
    if (existing.length > 0) await admin.deleteTopics({ topics: existing, timeout: withinMs });
    const deadline = Date.now() + withinMs;
    for (let left = await present(); left.length > 0; left = await present()) {
      if (Date.now() > deadline)
        throw new Error(
          `Kafka topics still listed ${withinMs} ms after deletion: ${left.join(', ')}`,
        );
      await sleep(250);
    }
  });
}

/** Partitions of `topics` on which `group` has a committed offset (0 for a group new to them). */
export async function committedPartitions(
  brokers: string[],
  group: string,
  topics: string[],
): Promise<number> {
  return withAdmin(brokers, async (admin) => {
    const all = await admin.listTopics();
    const offsets = await admin.fetchOffsets({
      groupId: group,
      topics: topics.filter((topic) => all.includes(topic)),
    });
    return offsets
      .flatMap(({ partitions }) => partitions)
      .filter((partition) => Number(partition.offset) >= 0).length;
  });
}
