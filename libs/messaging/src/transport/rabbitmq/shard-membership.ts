import { Logger } from '@nestjs/common';
import type { Channel, ConsumeMessage } from 'amqplib';
import { performance } from 'node:perf_hooks';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { ConsumerChannel } from './consumer-channel';
import { MemberTable } from './member-table';
import { RabbitMqConnection } from './rabbitmq-connection';
import { membersExchangeName } from './rabbitmq-names';
import { declareMembersQueue } from './rabbitmq-topology';

/**
 * A replica announces itself every `heartbeatMs`; one not heard for `timeoutMs` (three
 * announcements and some slack for a busy event loop) is gone and its shards are taken over.
 */
export const MEMBERSHIP_TIMING = { heartbeatMs: 1_000, timeoutMs: 3_500 } as const;
/** Bounds the member list (and the assignment's work): replicas past this are not counted. */
const MAX_MEMBERS = 256;
const MAX_ANNOUNCEMENT_BYTES = 1_024;
const MAX_INSTANCE_ID_LENGTH = 255;

interface Announcement {
  instanceId: string;
  leaving: boolean;
}

/**
 * The live replicas of this service, as this replica sees them (member-table.ts). Each one
 * announces `{instanceId, leaving}` on the service's fanout exchange (`<service>.members`) and
 * hears every announcement, its own included, on an exclusive queue of its own; `onChange` is told
 * whenever the list changes.
 */
export class ShardMembership {
  private readonly table: MemberTable;
  private readonly channels: ConsumerChannel;
  private channel?: Channel;
  private timer?: NodeJS.Timeout;
  private leaving = false;
  private warnedFull = false;

  constructor(
    connection: RabbitMqConnection,
    private readonly options: MessagingOptionsFor<'rabbitmq'>,
    private readonly onChange: (members: readonly string[]) => void,
    private readonly logger: Logger,
  ) {
    this.table = new MemberTable(options.instanceId, MEMBERSHIP_TIMING.timeoutMs, MAX_MEMBERS - 1);
    this.channels = new ConsumerChannel(
      connection,
      1,
      (channel) => this.setup(channel),
      logger,
      'membership channel',
    );
  }

  /** Sorted; this replica included until it leaves. */
  get members(): string[] {
    return this.table.members;
  }

  async start(timeoutMs: number): Promise<void> {
    await this.channels.start(timeoutMs);
    this.timer = setInterval(() => this.tick(), MEMBERSHIP_TIMING.heartbeatMs);
    this.timer.unref();
  }

  /** Tells the others at once, so they take this replica's shards without waiting for a timeout. */
  leave(): void {
    if (this.leaving) return;
    this.announce(true);
    this.leaving = true;
    this.table.leave();
    clearInterval(this.timer);
  }

  async close(timeoutMs: number): Promise<void> {
    this.leave();
    await this.channels.close(timeoutMs);
  }

  private async setup(channel: Channel): Promise<void> {
    const queue = await declareMembersQueue(channel, this.options.namespace, this.options.service);
    channel.on('close', () => {
      if (this.channel === channel) this.channel = undefined;
    });
    await channel.consume(queue, (message) => this.onAnnouncement(channel, message), {
      noAck: true,
    });
    this.channel = channel;
    // At once: the others learn of a new replica without waiting for the first tick.
    this.announce(false);
  }

  private tick(): void {
    this.announce(false);
    const gone = this.table.expire(performance.now());
    if (gone.length > 0) {
      this.changed(`${gone.join(', ')} silent for ${MEMBERSHIP_TIMING.timeoutMs} ms`);
    }
  }

  private announce(leaving: boolean): void {
    if (this.leaving || !this.channel) return;
    const announcement: Announcement = { instanceId: this.options.instanceId, leaving };
    try {
      this.channel.publish(
        membersExchangeName(this.options.namespace, this.options.service),
        '',
        Buffer.from(JSON.stringify(announcement)),
        // A late announcement must not bring back a replica that is already gone.
        { expiration: String(MEMBERSHIP_TIMING.timeoutMs), contentType: 'application/json' },
      );
    } catch (error) {
      // The channel closed under us: it re-opens and announces again.
      this.logger.debug(`membership announcement not sent: ${(error as Error).message}`);
    }
  }

  private onAnnouncement(channel: Channel, message: ConsumeMessage | null): void {
    if (message === null) {
      // The broker deleted our queue: declare and consume anew.
      void this.channels.recycle(channel, 'the broker cancelled the membership consumer', 0);
      return;
    }
    const announcement = parseAnnouncement(message.content);
    if (!announcement) {
      this.logger.debug(`ignored a malformed announcement on ${message.fields.exchange}`);
      return;
    }
    const { instanceId, leaving } = announcement;
    if (leaving) {
      if (this.table.leaving(instanceId)) this.changed(`${instanceId} left`);
      return;
    }
    const outcome = this.table.alive(instanceId, performance.now());
    if (outcome === 'joined') {
      this.changed(`${instanceId} joined`);
    } else if (outcome === 'refused' && !this.warnedFull) {
      this.warnedFull = true;
      this.logger.warn(
        `more than ${MAX_MEMBERS} replicas announce themselves; the rest get no shard`,
      );
    }
  }

  private changed(why: string): void {
    if (this.leaving) return;
    this.logger.log(`replicas of ${this.options.service}: ${this.members.length} (${why})`);
    this.onChange(this.members);
  }
}

function parseAnnouncement(content: Buffer): Announcement | undefined {
  if (content.length > MAX_ANNOUNCEMENT_BYTES) return undefined;
  try {
    const { instanceId, leaving } = JSON.parse(content.toString('utf8')) as Partial<Announcement>;
    if (typeof instanceId !== 'string' || typeof leaving !== 'boolean') return undefined;
    if (instanceId.length === 0 || instanceId.length > MAX_INSTANCE_ID_LENGTH) return undefined;
    return { instanceId, leaving };
  } catch {
    return undefined;
  }
}
