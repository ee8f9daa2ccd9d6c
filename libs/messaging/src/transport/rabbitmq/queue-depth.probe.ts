import type { Channel, ChannelModel } from 'amqplib';
import type { DeliveryKind } from '../../delivery/bus-metric-families';
import { withTimeout } from '../../util/with-timeout';
import { BacklogReading, BacklogSample } from '../bus-backlog-gauge';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { Routes } from '../transport';
import { eventQueueName, requestQueueName } from './rabbitmq-names';

export interface ConsumedQueue {
  readonly kind: DeliveryKind;
  readonly queue: string;
}

/**
 * The queues whose backlog this service's consumers work off: its event shards and its request
 * queue, as it declares them. Not its dead-letter queue (nobody consumes it: the deliveries
 * counter already counts what lands there, and a gauge that never drains would keep a backlog
 * alert firing), nor its reply queue (per instance, so a new label value per process; drained at
 * once), nor the shared holding queues of unrouted events (replayed at start, see
 * unrouted-event.holder.ts).
 */
export function consumedQueues(
  options: MessagingOptionsFor<'rabbitmq'>,
  routes: Routes,
): ConsumedQueue[] {
  const { namespace, service } = options;
  const queues: ConsumedQueue[] = [];
  if (routes.events.size > 0) {
    for (let shard = 0; shard < options.rabbitmq.partitions; shard++) {
      queues.push({ kind: 'event', queue: eventQueueName(namespace, service, shard) });
    }
  }
  if (routes.requests.size > 0) {
    queues.push({ kind: 'request', queue: requestQueueName(namespace, service) });
  }
  return queues;
}

/**
 * Reads queue depths with a passive declare (`checkQueue`: ready messages, not the unacked ones a
 * consumer holds) on one channel of the transport's connection, kept between scrapes. Its own
 * channel, not the publisher's or the consumer's: a check of a missing queue (an operator deleted
 * it; the consumer declares it again) is a channel error, 404 NOT_FOUND, and the broker closes the
 * channel; then the next queue gets a fresh channel, and the missing one keeps its last value.
 * Queues are checked one after another: an AMQP channel runs one synchronous method at a time, and
 * one 404 would fail every check queued behind it on that channel.
 */
export class QueueDepthProbe {
  private current?: Channel;
  private closed = false;

  /** `model` is the live AMQP connection, or undefined while reconnecting. */
  constructor(private readonly model: () => ChannelModel | undefined) {}

  async read(queues: readonly ConsumedQueue[]): Promise<BacklogReading> {
    const samples: BacklogSample[] = [];
    const failed: string[] = [];
    for (const [index, { kind, queue }] of queues.entries()) {
      if (this.closed) break;
      let channel: Channel;
      try {
        channel = await this.channel();
      } catch (error) {
        const left = queues.slice(index).map((q) => q.queue);
        failed.push(`${left.join(', ')}: ${(error as Error).message}`);
        break;
      }
      try {
        const { messageCount } = await channel.checkQueue(queue);
        samples.push({ kind, source: queue, messages: messageCount });
      } catch (error) {
        failed.push(`${queue}: ${(error as Error).message}`);
        this.discard(channel);
      }
    }
    return { samples, failed };
  }

  /** Closes the channel, waiting at most `timeoutMs`; a check in progress then fails, unawaited. */
  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    const channel = this.current;
    this.current = undefined;
    if (!channel) return;
    // The connection's close, which follows, ends the channel anyway.
    await withTimeout(closeQuietly(channel), timeoutMs, () => new Error('timed out')).catch(
      () => undefined,
    );
  }

  private async channel(): Promise<Channel> {
    if (this.current) return this.current;
    const model = this.model();
    if (!model) throw new Error('not connected');
    const channel = await model.createChannel();
    // A 404 closes it with an 'error' event; without a listener that event would crash the process.
    channel.on('error', () => undefined);
    channel.on('close', () => {
      if (this.current === channel) this.current = undefined;
    });
    if (this.closed) {
      await closeQuietly(channel);
      throw new Error('closed');
    }
    this.current = channel;
    return channel;
  }

  private discard(channel: Channel): void {
    if (this.current === channel) this.current = undefined;
    void closeQuietly(channel);
  }
}

async function closeQuietly(channel: Channel): Promise<void> {
  try {
    await channel.close();
  } catch {
    // Already closed, by the broker (the 404) or with its connection.
  }
}
