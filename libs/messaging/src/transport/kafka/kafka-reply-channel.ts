import { Logger } from '@nestjs/common';
import { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { PendingRequests } from '../../delivery/pending-requests';
import { decodeReply } from '../../delivery/reply.codec';
import { shardOf } from '../rabbitmq/shard-of';
import { describeError } from './kafka-error';
import { SupervisedConsumer } from './kafka-consumer.supervisor';
import { decodeKafkaHeaders } from './kafka-headers';
import { KafkaTopology } from './kafka-topology';
import { replyGroup, replyTopic } from './kafka-topic-names';
import { topicMaxMessageBytes } from './kafka-tuning';

/**
 * Replies are worthless once their request timed out (MESSAGING_REQUEST_TIMEOUT_MS is at most 10
 * minutes): the shared reply topic keeps them an hour, so it stays small whatever the traffic.
 */
const REPLY_RETENTION_MS = 60 * 60 * 1000;

export interface ReplyChannelDeps {
  kafka: Kafka;
  admin: Admin;
  topology: KafkaTopology;
  pending: PendingRequests;
  logger: Logger;
  onResponse: () => void;
}

/** Who this channel belongs to, and how the reply topic is created if it does not exist yet. */
export interface ReplyChannelOwner {
  namespace: string;
  service: string;
  instanceId: string;
  /** Partitions of the reply topic when this channel creates it (KAFKA_PARTITIONS). */
  partitions: number;
  maxMessageBytes: number;
}

/**
 * Where this instance's replies arrive. One reply topic per SERVICE (`rpc.reply.<service>`, in the
 * namespace), shared by its instances, not one per instance: an instance creates no topic of its
 * own (on a managed cluster each would need create and delete rights), and one that crashes
 * leaves nothing behind. Each instance reads one partition of it, picked by hashing its instance
 * id, and names topic and partition in its requests; the server produces the reply there.
 *
 * The instance reads through a consumer group of its own that never commits: kafkajs has no
 * group-less consumer, and a group without offsets is forgotten by the broker once its member
 * leaves or its session times out. No rebalance of anyone else can take the partition away (Nest's
 * shared `<pattern>.reply` topics lost replies that way, docs/pitfalls.md#kafka-nest-server).
 * Reading starts at the partition's end as it was when the channel opened (then after the last
 * reply read, when kafkajs relaunches the consumer), before the first request is sent.
 *
 * Instances that hash to the same partition both read its replies, and each ignores those it does
 * not await: more instances than partitions cost reads, never replies.
 */
export class KafkaReplyChannel {
  readonly topic: string;
  private readonly group: string;
  private assigned?: number;
  /** Offset of the next reply to read in the partition. */
  private next = '0';
  private consumer?: SupervisedConsumer;

  constructor(
    private readonly owner: ReplyChannelOwner,
    private readonly deps: ReplyChannelDeps,
  ) {
    this.topic = replyTopic(owner.namespace, owner.service);
    this.group = replyGroup(owner.namespace, owner.instanceId);
  }

  /** The partition of the reply topic this instance reads; requests carry it. */
  get partition(): number {
    if (this.assigned === undefined) throw new Error('the reply channel is not open');
    return this.assigned;
  }

  get isJoined(): boolean {
    return this.consumer?.isJoined ?? false;
  }

  async open(): Promise<void> {
    const { topology, kafka, admin, logger, onResponse } = this.deps;
    await topology.ensure([
      {
        name: this.topic,
        partitions: this.owner.partitions,
        maxMessageBytes: topicMaxMessageBytes(this.owner.maxMessageBytes),
        retentionMs: REPLY_RETENTION_MS,
      },
    ]);
    // The topic's own count: another instance may have created it with another KAFKA_PARTITIONS.
    const partition = shardOf(this.owner.instanceId, await topology.partitionsOf(this.topic));
    const end = (await admin.fetchTopicOffsets(this.topic)).find((p) => p.partition === partition);
    if (!end) throw new Error(`reply topic ${this.topic} has no partition ${partition}`);
    this.next = end.high;
    this.assigned = partition;
    this.consumer = new SupervisedConsumer(
      kafka,
      {
        label: 'replies',
        groupId: this.group,
        topics: [this.topic],
        partitionsConsumedConcurrently: 1,
        autoCommit: false,
        reads: (_, p) => p === partition,
        startPositions: async () => [{ topic: this.topic, partition, offset: this.next }],
        handle: async (message) => this.onReply(message),
      },
      logger,
      onResponse,
    );
    await this.consumer.start();
  }

  /** Leaves the group; deleting it only spares the broker its clean-up (it holds no offsets). */
  async close(timeoutMs: number): Promise<void> {
    if (!this.consumer) return;
    await this.consumer.stop(timeoutMs);
    this.consumer = undefined;
    await this.deps.admin.deleteGroups([this.group]).catch((error: unknown) => {
      this.deps.logger.debug(`could not delete group ${this.group}: ${describeError(error)}`);
    });
  }

  private onReply(message: KafkaMessage): void {
    this.next = (BigInt(message.offset) + 1n).toString();
    const headers = decodeKafkaHeaders(message.headers);
    try {
      const { requestId, reply } = decodeReply(
        headers,
        message.value ?? Buffer.alloc(0),
        this.owner.maxMessageBytes,
      );
      if (!this.deps.pending.settle(requestId, reply)) {
        this.deps.logger.debug(`reply to ${requestId} not awaited here (late, or another's)`);
      }
    } catch (error) {
      this.deps.logger.warn(`dropping an unreadable reply: ${describeError(error)}`);
    }
  }
}
