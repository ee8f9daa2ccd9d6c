import { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { withTimeout } from '../../util/with-timeout';

export interface LogRecord {
  topic: string;
  partition: number;
  message: KafkaMessage;
}

export interface LogReadLimits {
  /** The group the read goes through, a fresh one per read (deadLetterReaderGroup). */
  groupId: string;
  /** The whole read, joining included. */
  timeoutMs: number;
  /** Stops taking records past this many bytes of values (what was read is kept). */
  maxBytes: number;
}

/**
 * Every record of `topics` up to their end as it is when the read starts (later ones are left for
 * the next read), through a consumer group of its own (kafkajs assigns partitions only through a
 * group), deleted afterwards: nothing is committed, so reading changes nothing.
 */
export async function readLogToEnd(
  kafka: Kafka,
  admin: Admin,
  topics: readonly string[],
  limits: LogReadLimits,
): Promise<{ records: LogRecord[]; complete: boolean }> {
  const existing = new Set(await admin.listTopics());
  const present = topics.filter((topic) => existing.has(topic));
  const ends = new Map<string, bigint>();
  for (const topic of present) {
    for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(high) > BigInt(low)) ends.set(`${topic}|${partition}`, BigInt(high));
    }
  }
  if (ends.size === 0) return { records: [], complete: true };
  const records: LogRecord[] = [];
  let bytes = 0;
  let complete = true;
  const { groupId } = limits;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...new Set(present)], fromBeginning: true });
    const done = new Promise<void>((finish) => {
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          const key = `${topic}|${partition}`;
          const end = ends.get(key);
          if (end === undefined || BigInt(message.offset) >= end) return;
          bytes += message.value?.length ?? 0;
          if (bytes > limits.maxBytes) {
            complete = false;
            ends.clear();
          } else {
            records.push({ topic, partition, message });
            if (BigInt(message.offset) + 1n >= end) ends.delete(key);
          }
          if (ends.size === 0) finish();
        },
      });
    });
    await withTimeout(
      done,
      limits.timeoutMs,
      () => new Error(`reading ${present.join(', ')} timed out`),
    );
    return { records, complete };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
}
