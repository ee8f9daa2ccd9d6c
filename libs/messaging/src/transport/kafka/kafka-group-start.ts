import type { Admin, FetchOffsetsPartition } from 'kafkajs';
import { KafkaNewGroupStart } from './kafka.options';

/** Partitions of some topics: an assignment, or part of one. */
export interface TopicPartitions {
  readonly topic: string;
  readonly partitions: readonly number[];
}

/** Where one partition is to be read from (kafkajs' `consumer.seek` argument). */
export interface PartitionStart {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** KAFKA_NEW_GROUP_START resolved against the bus's settings; `earliest` needs no placing. */
export type NewGroupStart =
  { readonly from: 'latest' } | { readonly from: 'since'; readonly lookbackMs: number };

/**
 * `window` looks back as far as the other transports hold an event nobody was bound to yet
 * (MESSAGING_UNROUTED_RETENTION_MS), so a system's first events are not lost to its own services
 * joining a second after they were published, and nothing older is replayed. `earliest` is
 * kafkajs' own default for a partition without a committed offset (fromBeginning): undefined.
 */
export function newGroupStart(
  option: KafkaNewGroupStart,
  unroutedRetentionMs: number,
): NewGroupStart | undefined {
  switch (option) {
    case 'earliest':
      return undefined;
    case 'latest':
      return { from: 'latest' };
    case 'window':
      return { from: 'since', lookbackMs: unroutedRetentionMs };
  }
}

/** The assigned partitions the group has never committed an offset for (kafkajs reports -1). */
export function uncommittedPartitions(
  assigned: readonly TopicPartitions[],
  committed: ReadonlyArray<{ topic: string; partitions: FetchOffsetsPartition[] }>,
): TopicPartitions[] {
  return assigned
    .map(({ topic, partitions }) => {
      const offsets = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
      const hasCommit = (partition: number) =>
        Number(offsets.find((entry) => entry.partition === partition)?.offset ?? -1) >= 0;
      return { topic, partitions: partitions.filter((partition) => !hasCommit(partition)) };
    })
    .filter(({ partitions }) => partitions.length > 0);
}

/**
 * Where `groupId` starts on the assigned partitions it has no committed offset for; the others
 * keep theirs (a rebalance never moves a partition the group already read). `latest` is the high
 * watermark read now, before the member fetches anything, not kafkajs' lazy "latest" resolved at
 * the first fetch (which skipped what was published in between). A time with no later message
 * gives the high watermark (kafkajs' fetchTopicOffsetsByTimestamp).
 */
export async function newGroupStarts(
  admin: Admin,
  groupId: string,
  start: NewGroupStart,
  assigned: readonly TopicPartitions[],
): Promise<PartitionStart[]> {
  const topics = assigned.map(({ topic }) => topic);
  const fresh = uncommittedPartitions(assigned, await admin.fetchOffsets({ groupId, topics }));
  const starts = await Promise.all(
    fresh.map(async ({ topic, partitions }) => {
      const offsets =
        start.from === 'latest'
          ? (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => ({
              partition,
              offset: high,
            }))
          : await admin.fetchTopicOffsetsByTimestamp(topic, Date.now() - start.lookbackMs);
      return offsets
        .filter(({ partition }) => partitions.includes(partition))
        .map(({ partition, offset }) => ({ topic, partition, offset }));
    }),
  );
  return starts.flat();
}
