import { Admin } from 'kafkajs';

/** Sum of the end offsets of `topics`: what was ever written to them (compare before/after). */
export async function endOffsetSum(admin: Admin, topics: string[]): Promise<number> {
  let sum = 0;
  for (const topic of topics) {
    for (const partition of await admin.fetchTopicOffsets(topic)) sum += Number(partition.high);
  }
  return sum;
}

/**
 * Messages `group` has not committed yet, per `<group>/<topic>` (only the ones behind). A
 * partition the group never committed counts from its start when `uncommittedIsLag`, and not at
 * all otherwise (for topics the group may not consume).
 */
export async function groupLag(
  admin: Admin,
  group: string,
  topics: string[],
  uncommittedIsLag: boolean,
): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const { topic, partitions } of await admin.fetchOffsets({ groupId: group, topics })) {
    let behind = 0;
    for (const end of await admin.fetchTopicOffsets(topic)) {
      const offset = Number(partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
      if (offset < 0 && !uncommittedIsLag) continue;
      behind += Math.max(0, Number(end.high) - (offset < 0 ? Number(end.low) : offset));
    }
    if (behind > 0) result[`${group}/${topic}`] = behind;
  }
  return result;
}
