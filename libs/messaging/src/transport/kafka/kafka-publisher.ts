import { Logger } from '@nestjs/common';
import { Producer, TopicMessages } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { WireHeaders } from '../../envelope/envelope-headers';
import { TransportUnavailableError } from '../../errors/transport-unavailable.error';
import { withTimeout } from '../../util/with-timeout';
import { describeError, isPermanentKafkaError } from './kafka-error';

export interface OutboundRecord {
  topic: string;
  /** Absent: the key's partition. */
  partition?: number;
  key: Buffer | string | null;
  value: Buffer;
  headers: WireHeaders;
}

interface Queued {
  record: OutboundRecord;
  bytes: number;
  state: 'queued' | 'sending' | 'done';
  timer?: NodeJS.Timeout;
  resolve(): void;
  reject(error: Error): void;
}

/** Under the broker's default 1 MB batch limit, so a multi-record batch is never refused for size. */
const MAX_BATCH_BYTES = 512 * 1024;
const MAX_BATCH_RECORDS = 1_000;
const BACKOFF_BASE_MS = 100;
const BACKOFF_MAX_MS = 2_000;

/**
 * Sends records with acks=all, one batch in flight at a time, records in call order. Kafka keeps
 * order per partition only if a failed send is not overtaken by a later one; kafkajs' own retries
 * happen per send, so two concurrent sends could swap on a retry. Here a failed batch goes back to
 * the head of the queue and is retried until each record's deadline, then fails loudly; records
 * that arrive meanwhile are batched behind it. Duplicates remain possible (at-least-once).
 */
export class KafkaPublisher {
  private readonly queue: Queued[] = [];
  private flushing?: Promise<void>;
  private closed = false;
  private failures = 0;

  constructor(
    private readonly producer: Producer,
    private readonly logger: Logger,
  ) {}

  get queued(): number {
    return this.queue.length;
  }

  /** Resolves once the broker acknowledged `record`; rejects with TransportUnavailableError. */
  send(record: OutboundRecord, timeoutMs: number): Promise<void> {
    if (this.closed) {
      return Promise.reject(new TransportUnavailableError('kafka', 'the publisher is closed'));
    }
    return new Promise<void>((resolve, reject) => {
      const item: Queued = { record, bytes: sizeOf(record), state: 'queued', resolve, reject };
      item.timer = setTimeout(() => this.expire(item, timeoutMs), Math.max(1, timeoutMs));
      item.timer.unref();
      this.queue.push(item);
      this.flushing ??= this.flush().finally(() => (this.flushing = undefined));
    });
  }

  /** Fails what is still queued and waits (bounded) for the batch in flight. */
  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    for (const item of this.queue.splice(0)) {
      this.settle(item, new TransportUnavailableError('kafka', 'the bus closed before sending'));
    }
    if (this.flushing) {
      await withTimeout(this.flushing, timeoutMs, () => new Error('send in flight')).catch(() =>
        this.logger.warn(`a Kafka send was still in flight after ${timeoutMs} ms`),
      );
    }
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.takeBatch();
      try {
        await this.producer.sendBatch({ acks: -1, topicMessages: groupByTopic(batch) });
        if (this.failures > 0) this.logger.log('Kafka accepts records again');
        this.failures = 0;
        for (const item of batch) this.settle(item);
      } catch (error) {
        await this.onBatchFailed(batch, error);
      }
    }
  }

  /** The longest prefix of the queue within the batch limits (at least one record), removed at once. */
  private takeBatch(): Queued[] {
    let count = 0;
    let bytes = 0;
    while (count < this.queue.length && count < MAX_BATCH_RECORDS) {
      const next = this.queue[count].bytes;
      if (count > 0 && bytes + next > MAX_BATCH_BYTES) break;
      bytes += next;
      count++;
    }
    const batch = this.queue.splice(0, count);
    for (const item of batch) item.state = 'sending';
    return batch;
  }

  private async onBatchFailed(batch: Queued[], error: unknown): Promise<void> {
    if (this.closed || isPermanentKafkaError(error)) {
      const failure = new TransportUnavailableError('kafka', describeError(error), error);
      for (const item of batch) this.settle(item, failure);
      return;
    }
    this.failures++;
    const wait = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (this.failures - 1));
    if (this.failures === 1) {
      this.logger.warn(`Kafka send failed (${describeError(error)}); retrying until each deadline`);
    }
    const retry = batch.filter((item) => item.state === 'sending');
    for (const item of retry) item.state = 'queued';
    this.queue.unshift(...retry);
    await sleep(wait);
  }

  private expire(item: Queued, timeoutMs: number): void {
    if (item.state === 'done') return;
    const detail =
      item.state === 'sending'
        ? `not acknowledged within ${timeoutMs} ms (it may still be stored)`
        : `not sent within ${timeoutMs} ms`;
    const queuedAt = this.queue.indexOf(item);
    if (queuedAt >= 0) this.queue.splice(queuedAt, 1);
    this.settle(item, new TransportUnavailableError('kafka', `${item.record.topic}: ${detail}`));
  }

  private settle(item: Queued, error?: Error): void {
    if (item.state === 'done') return;
    item.state = 'done';
    clearTimeout(item.timer);
    if (error) item.reject(error);
    else item.resolve();
  }
}

/** Approximate wire size (string lengths stand in for byte lengths; the limit has headroom). */
function sizeOf(record: OutboundRecord): number {
  let bytes = record.value.length + (record.key?.length ?? 0) + 64;
  for (const name in record.headers) bytes += name.length + record.headers[name].length;
  return bytes;
}

/** Per topic, in call order: kafkajs keeps message order within a topic's list. */
function groupByTopic(batch: Queued[]): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages>();
  for (const { record } of batch) {
    let entry = byTopic.get(record.topic);
    if (!entry) byTopic.set(record.topic, (entry = { topic: record.topic, messages: [] }));
    const { key, value, headers, partition } = record;
    entry.messages.push({ key, value, headers, ...(partition === undefined ? {} : { partition }) });
  }
  return [...byTopic.values()];
}
