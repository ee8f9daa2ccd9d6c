import { Logger } from '@nestjs/common';
import { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { PendingRequests } from '../../delivery/pending-requests';
import { decodeReply } from '../../delivery/reply.codec';
import { describeError } from './kafka-error';
import { SupervisedConsumer } from './kafka-consumer.supervisor';
import { decodeKafkaHeaders } from './kafka-headers';
import { KafkaTopology } from './kafka-topology';
import { replyTopic } from './kafka-topic-names';
import { topicMaxMessageBytes } from './kafka-tuning';

export interface ReplyChannelDeps {
  kafka: Kafka;
  admin: Admin;
  topology: KafkaTopology;
  pending: PendingRequests;
  logger: Logger;
  onResponse: () => void;
}

/**
 * Where this instance's replies arrive: a single-partition topic and a consumer group that belong
 * to this instance alone, so no rebalance of anyone else's group can move or drop them (Nest's
 * shared `<pattern>.reply` topics lost replies that way, docs/pitfalls.md#kafka-nest-server). It
 * is joined before the first request is sent, and deleted (best effort) at close.
 */
export class KafkaReplyChannel {
  readonly topic: string;
  private consumer?: SupervisedConsumer;

  constructor(
    namespace: string,
    instanceId: string,
    private readonly maxMessageBytes: number,
    private readonly deps: ReplyChannelDeps,
  ) {
    this.topic = replyTopic(namespace, instanceId);
  }

  get isJoined(): boolean {
    return this.consumer?.isJoined ?? false;
  }

  async open(): Promise<void> {
    const { topology, kafka, logger, onResponse } = this.deps;
    await topology.ensure([
      {
        name: this.topic,
        partitions: 1,
        maxMessageBytes: topicMaxMessageBytes(this.maxMessageBytes),
      },
    ]);
    this.consumer = new SupervisedConsumer(
      kafka,
      {
        label: 'replies',
        groupId: this.topic,
        topics: [this.topic],
        partitionsConsumedConcurrently: 1,
        handle: async (message) => this.onReply(message),
      },
      logger,
      onResponse,
    );
    await this.consumer.start();
  }

  async close(timeoutMs: number): Promise<void> {
    if (!this.consumer) return;
    await this.consumer.stop(timeoutMs);
    this.consumer = undefined;
    await this.deps.topology.delete(this.topic);
    await this.deps.admin.deleteGroups([this.topic]).catch((error: unknown) => {
      this.deps.logger.debug(`could not delete group ${this.topic}: ${describeError(error)}`);
    });
  }

  private onReply(message: KafkaMessage): void {
    const headers = decodeKafkaHeaders(message.headers);
    try {
      const { requestId, reply } = decodeReply(
        headers,
        message.value ?? Buffer.alloc(0),
        this.maxMessageBytes,
      );
      if (!this.deps.pending.settle(requestId, reply)) {
        this.deps.logger.debug(`reply to ${requestId} arrived after its request ended; dropped`);
      }
    } catch (error) {
      this.deps.logger.warn(`dropping an unreadable reply: ${describeError(error)}`);
    }
  }
}
