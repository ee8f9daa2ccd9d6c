import type { Admin, FetchOffsetsPartition } from 'kafkajs';
import type { DeliveryKind } from '../../delivery/bus-metric-families';
import { BacklogReading, BacklogSample } from '../bus-backlog-gauge';
import { describeError } from './kafka-error';

/** One consumer group of this service and the topics it reads. */
export interface ConsumedTopics {
  readonly kind: DeliveryKind;
  readonly groupId: string;
  readonly topics: readonly string[];
}

/** A partition's watermarks, as admin.fetchTopicOffsets gives them (strings: int64). */
export interface Watermarks {
  readonly partition: number;
  readonly low: string;
  readonly high: string;
}

/**
 * Messages the group has yet to commit in one topic: per partition, the high watermark minus the
 * committed offset (the next one to read), summed. A partition without a commit or whose commit
 * fell behind retention counts from the low watermark, where kafkajs starts it; a new group
 * commits where KAFKA_NEW_GROUP_START places it as it joins (kafka-group-start.ts).
 * Messages handled but not yet committed (commits go out per batch and every second) still count.
 */
export function topicLag(
  watermarks: readonly Watermarks[],
  committed: readonly FetchOffsetsPartition[],
): number {
  const commits = new Map(committed.map(({ partition, offset }) => [partition, Number(offset)]));
  let lag = 0;
  for (const { partition, low, high } of watermarks) {
    const start = Math.max(commits.get(partition) ?? -1, Number(low));
    lag += Math.max(0, Number(high) - start);
  }
  return lag;
}

/**
 * The lag of each topic of each group, through the transport's admin client: one OffsetFetch per
 * group and one pair of ListOffsets per topic, in parallel. A topic (or a group) whose offsets do
 * not come keeps its last value.
 */
export async function readConsumerLag(
  admin: Admin,
  groups: readonly ConsumedTopics[],
): Promise<BacklogReading> {
  const samples: BacklogSample[] = [];
  const failed: string[] = [];
  await Promise.all(
    groups.map(async ({ kind, groupId, topics }) => {
      const [committed, ...watermarks] = await Promise.allSettled([
        admin.fetchOffsets({ groupId, topics: [...topics] }),
        ...topics.map((topic) => admin.fetchTopicOffsets(topic)),
      ]);
      if (committed.status === 'rejected') {
        failed.push(`group ${groupId}: ${describeError(committed.reason)}`);
        return;
      }
      topics.forEach((topic, index) => {
        const marks = watermarks[index] as PromiseSettledResult<Watermarks[]>;
        if (marks.status === 'rejected') {
          failed.push(`${topic}: ${describeError(marks.reason)}`);
          return;
        }
        const commits = committed.value.find((entry) => entry.topic === topic)?.partitions ?? [];
        samples.push({ kind, source: topic, messages: topicLag(marks.value, commits) });
      });
    }),
  );
  return { samples, failed };
}
