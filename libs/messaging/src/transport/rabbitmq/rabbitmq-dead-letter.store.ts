import type { Channel, GetMessage, Options } from 'amqplib';
import { HEADER, WireHeaders } from '../../envelope/envelope-headers';
import { withTimeout } from '../../util/with-timeout';
import { deadLetterEntry, originalHeaders } from '../dead-letter-entry';
import { OneAtATime } from '../dead-letter-selection';
import {
  assertLimit,
  assertSelection,
  DeadLetterEntry,
  DeadLetterOutcome,
  DeadLetterPage,
  DeadLetterSelection,
  DeadLetterStore,
  MAX_DEAD_LETTERS_PER_CALL,
} from '../dead-letter-store';
import { toWireHeaders } from './amqp-headers';

/** At most this many letters are looked at per call: a bigger queue is read from its head only. */
export const MAX_SCANNED_DEAD_LETTERS = 10_000;

/** What the store needs of the transport. */
export interface RabbitMqDeadLetterAccess {
  /** `<service>.dead-letter` (rabbitmq-names.ts). */
  readonly queue: string;
  /** A new channel on the live connection; rejects while disconnected. */
  openChannel(): Promise<Channel>;
  /** Publishes to `queue` through the default exchange; resolves once confirmed and routed. */
  republish(queue: string, body: Buffer, properties: Options.Publish): Promise<void>;
  readonly timeoutMs: number;
}

interface Held {
  id: string;
  headers: WireHeaders;
  message: GetMessage;
}

/**
 * The dead-letter queue of a RabbitMQ service for operators. AMQP cannot read a queue without
 * taking messages, so every call opens a channel of its own and takes messages from the head with
 * basic.get, unacked: they stay the broker's. What is replayed or discarded is acked on that
 * channel; closing it hands every other message back to the broker, which puts them back where
 * they were (a classic queue keeps their positions). A crash, a timeout or a lost connection
 * closes the channel too: nothing can be lost, only handed back.
 *
 * A replay publishes the original headers and body (same message id) to the queue the message was
 * consumed from (`rl-source`: the service's own shard or request queue, through the default
 * exchange, so no other service sees it again), waits for the broker's confirm, and only then acks
 * the dead letter: a crash in between gives a duplicate, which the inbox deduplicates.
 *
 * An id is `<stored at, epoch ms, 15 digits>-<the dead letter's own message id>`: unique (each
 * stored letter gets a new message id) and ordered by storage time, so `after` keeps its place even
 * once the letter it names is gone. Calls run one at a time; at most MAX_SCANNED_DEAD_LETTERS are
 * held per call.
 */
export class RabbitMqDeadLetterStore implements DeadLetterStore {
  private readonly calls = new OneAtATime();

  constructor(private readonly access: RabbitMqDeadLetterAccess) {}

  list(query: { limit: number; after?: string }): Promise<DeadLetterPage> {
    return this.calls.run(async () => {
      assertLimit(query.limit);
      const { after } = query;
      const page = await this.holding((next) =>
        collect(next, (held) => !after || held.id > after, query.limit + 1),
      );
      const entries = page.slice(0, query.limit).map(toEntry);
      return { entries, next: page.length > query.limit ? entries.at(-1)?.id : undefined };
    });
  }

  show(id: string): Promise<DeadLetterEntry | undefined> {
    return this.calls.run(async () => {
      const [found] = await this.holding((next) => collect(next, (held) => held.id === id, 1));
      return found && toEntry(found);
    });
  }

  replay(selection: DeadLetterSelection): Promise<DeadLetterOutcome> {
    return this.calls.run(() => this.settle(selection, (held) => this.republish(held)));
  }

  replayEdited(id: string, body: Buffer): Promise<DeadLetterOutcome> {
    return this.calls.run(() => this.settle([id], (held) => this.republish(held, body)));
  }

  discard(selection: DeadLetterSelection): Promise<DeadLetterOutcome> {
    return this.calls.run(() => this.settle(selection, () => Promise.resolve()));
  }

  async count(cap: number): Promise<number> {
    return Math.min(cap, await this.ready());
  }

  /** The original message (or `body` in its place) back to the queue it was consumed from. */
  private async republish(held: Held, body = held.message.content): Promise<void> {
    const destination = held.headers[HEADER.source];
    if (!destination) throw new Error(`dead letter ${held.id} names no queue to replay to`);
    const headers = originalHeaders(held.headers);
    await this.access.republish(destination, body, {
      persistent: true,
      contentType: held.message.properties.contentType as string | undefined,
      messageId: headers[HEADER.messageId],
      correlationId: headers[HEADER.correlationId],
      type: headers[HEADER.type],
      appId: held.message.properties.appId as string | undefined,
      headers,
    });
  }

  private async settle(
    selection: DeadLetterSelection,
    act: (held: Held) => Promise<void>,
  ): Promise<DeadLetterOutcome> {
    assertSelection(selection);
    const wanted = selection === 'all' ? undefined : new Set(selection);
    const done: string[] = [];
    await this.holding(async (next, channel) => {
      const limit = wanted?.size ?? MAX_DEAD_LETTERS_PER_CALL;
      const targets = await collect(next, (held) => !wanted || wanted.has(held.id), limit);
      for (const held of targets) {
        await act(held);
        channel.ack(held.message);
        done.push(held.id);
      }
    });
    const missing = wanted ? [...wanted].filter((id) => !done.includes(id)) : [];
    return { done, missing, remaining: await this.ready() };
  }

  /**
   * Runs `work` with a reader of the queue's head on a channel of its own, then closes the
   * channel: what `work` did not ack goes back to the queue.
   */
  private async holding<T>(
    work: (next: () => Promise<Held | undefined>, channel: Channel) => Promise<T>,
  ): Promise<T> {
    const { queue, timeoutMs } = this.access;
    const channel = await withTimeout(this.access.openChannel(), timeoutMs, timedOut('open'));
    channel.on('error', () => undefined); // a 404 or a lost connection rejects the call in progress
    let taken = 0;
    const next = async (): Promise<Held | undefined> => {
      if (taken >= MAX_SCANNED_DEAD_LETTERS) return undefined;
      const message = await withTimeout(
        channel.get(queue, { noAck: false }),
        timeoutMs,
        timedOut('get'),
      );
      if (message === false) return undefined;
      taken++;
      return held(message);
    };
    try {
      return await work(next, channel);
    } finally {
      await withTimeout(channel.close(), timeoutMs, timedOut('close')).catch(() => undefined);
    }
  }

  /** The messages ready in the queue now (after a call's channel closed: all of them). */
  private async ready(): Promise<number> {
    const { queue, timeoutMs } = this.access;
    const channel = await withTimeout(this.access.openChannel(), timeoutMs, timedOut('open'));
    channel.on('error', () => undefined);
    try {
      const { messageCount } = await withTimeout(
        channel.checkQueue(queue),
        timeoutMs,
        timedOut('check'),
      );
      return messageCount;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }
}

/** Reads until `count` letters passed `keep`, the queue is empty or the scan bound is reached. */
async function collect(
  next: () => Promise<Held | undefined>,
  keep: (held: Held) => boolean,
  count: number,
): Promise<Held[]> {
  const kept: Held[] = [];
  while (kept.length < count) {
    const held = await next();
    if (!held) break;
    if (keep(held)) kept.push(held);
  }
  return kept;
}

function held(message: GetMessage): Held {
  const headers = toWireHeaders(message.properties.headers);
  const ms = Date.parse(headers[HEADER.deadLetteredAt] ?? '');
  const storedAt = Number.isNaN(ms) ? Number(message.properties.timestamp ?? 0) * 1000 : ms;
  const ownId = String(message.properties.messageId ?? `tag-${message.fields.deliveryTag}`);
  return { id: `${String(storedAt).padStart(15, '0')}-${ownId}`, headers, message };
}

function toEntry({ id, headers, message }: Held): DeadLetterEntry {
  const ms = Number(id.slice(0, 15));
  return deadLetterEntry(id, {
    headers,
    body: message.content,
    storedAt: new Date(ms).toISOString(),
  });
}

const timedOut = (what: string) => () =>
  new Error(`dead-letter queue: ${what} not done within the publish timeout`);
