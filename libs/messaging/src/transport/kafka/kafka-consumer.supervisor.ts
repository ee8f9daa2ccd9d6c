import { Logger } from '@nestjs/common';
import {
  Consumer,
  ConsumerCrashEvent,
  ConsumerGroupJoinEvent,
  EachBatchPayload,
  EachMessagePayload,
  Kafka,
  KafkaJSError,
  KafkaMessage,
} from 'kafkajs';
import { DeliveryAbortedError } from '../../delivery/delivery-aborted.error';
import { TransportUnavailableError } from '../../errors/transport-unavailable.error';
import { withTimeout } from '../../util/with-timeout';
import { handleBatchConcurrently } from './concurrent-batch';
import { InFlightLimit } from './in-flight-limit';
import { describeError } from './kafka-error';
import { PartitionStart, TopicPartitions } from './kafka-group-start';
import { KAFKA_TUNING } from './kafka-tuning';
import { OffsetCommits } from './offset-commits';

export interface ConsumerSpec {
  /** For logs: events, requests, replies. */
  label: string;
  groupId: string;
  topics: string[];
  partitionsConsumedConcurrently: number;
  /**
   * Messages without an ordering promise (requests): up to this many handled at once across all
   * partitions, offsets committed over the finished prefix only. Absent: one at a time per
   * partition, in order (events: one aggregate's events stay in order).
   */
  unorderedConcurrency?: number;
  /** Resolving commits the message; rejecting leaves it (and its partition) to be redelivered. */
  handle(message: KafkaMessage, topic: string): Promise<void>;
  /**
   * Asked at each assignment, before anything is fetched (the assigned partitions stay paused
   * until it resolves): where to read partitions from instead of their committed offset
   * (kafka-group-start.ts). Absent: the committed offset, else the earliest retained one.
   */
  startPositions?(assigned: TopicPartitions[]): Promise<PartitionStart[]>;
  /** The assigned partitions this member reads; the others stay paused. Absent: all. */
  reads?(topic: string, partition: number): boolean;
  /** false: no offset is ever committed, so the group is forgotten once its member is gone. */
  autoCommit?: boolean;
}

/**
 * One kafkajs consumer kept alive. kafkajs restarts itself after most failures, but a CRASH with
 * `restart: false` (a non-retriable error, e.g. around a broker restart) leaves it dead for good:
 * then a fresh consumer is launched with backoff, until stop().
 *
 * Offsets: a message's offset counts as handled only when the handler resolves; handled offsets
 * are committed every autoCommitIntervalMs (OffsetCommits, not kafkajs' commit after every batch),
 * when a handler fails, when the group rebalances, and before the member leaves. When the handler
 * throws, what was handled before it is committed and kafkajs fetches the partition again from the
 * failed message: at-least-once, and a poison message would loop, which is why the pipeline
 * dead-letters and only rejects when retrying later can help (dead-letter write failed) or at
 * shutdown.
 */
export class SupervisedConsumer {
  private consumer?: Consumer;
  private joined = false;
  private stopping = false;
  /** stop() gave up waiting for a handler: stop heartbeating for it so the group moves on. */
  private abandoned = false;
  private assignedPartitions = 0;
  private launches = 0;
  /** Relaunches since the last successful join; drives the backoff. */
  private failedRelaunches = 0;
  /** Crashes since the last successful join. */
  private crashes = 0;
  private relaunchTimer?: NodeJS.Timeout;
  /** Counts assignments: placing the partitions of one that a rebalance replaced is abandoned. */
  private assignments = 0;
  private joinWaiters: Array<() => void> = [];
  private readonly limit?: InFlightLimit;
  /** The current consumer's handled offsets; absent when the spec never commits. */
  private commits?: OffsetCommits;
  /** Handlers running now: stop() lets them finish and commits them before leaving. */
  private readonly active = new Set<Promise<void>>();

  constructor(
    private readonly kafka: Kafka,
    private readonly spec: ConsumerSpec,
    private readonly logger: Logger,
    private readonly onResponse: () => void,
  ) {
    if (spec.unorderedConcurrency) this.limit = new InFlightLimit(spec.unorderedConcurrency);
  }

  get isJoined(): boolean {
    return this.joined && !this.stopping;
  }

  describe(): Record<string, unknown> {
    return {
      groupId: this.spec.groupId,
      joined: this.isJoined,
      assignedPartitions: this.assignedPartitions,
      relaunches: Math.max(0, this.launches - 1),
    };
  }

  /**
   * Starts consuming and resolves once this member has joined the group, received its partitions
   * and placed those without a committed offset (startPositions): from then on nothing published
   * is missed.
   */
  async start(timeoutMs = KAFKA_TUNING.joinTimeoutMs): Promise<void> {
    const joined = new Promise<void>((resolve) => this.joinWaiters.push(resolve));
    try {
      await withTimeout(
        this.launch().then(() => joined),
        timeoutMs,
        () =>
          new TransportUnavailableError(
            'kafka',
            `${this.spec.label} consumer did not join group ${this.spec.groupId} within ${timeoutMs} ms`,
          ),
      );
    } catch (error) {
      await this.stop(KAFKA_TUNING.connectionTimeoutMs);
      throw error;
    }
  }

  /**
   * Takes no new messages: assigned partitions are paused, so kafkajs stops each batch after the
   * message in flight, and a message already queued to a worker is refused without being
   * committed. In-flight handlers finish and commit.
   */
  pause(): void {
    this.stopping = true;
    clearTimeout(this.relaunchTimer);
    try {
      this.consumer?.pause(this.spec.topics.map((topic) => ({ topic })));
    } catch {
      // not running (never joined, or crashed): nothing to pause
    }
  }

  /** Leaves the group after the in-flight handlers ended and their offsets are committed, bounded. */
  async stop(timeoutMs: number): Promise<void> {
    this.pause();
    const consumer = this.consumer;
    const commits = this.commits;
    this.consumer = undefined;
    this.commits = undefined;
    this.joined = false;
    if (!consumer) return;
    try {
      const handled = Promise.allSettled([...this.active]).then(() => commits?.flush());
      await withTimeout(
        handled.then(() => consumer.disconnect()),
        timeoutMs,
        () => new Error('timed out'),
      );
    } catch (error) {
      // Without our heartbeats the stuck member's session expires and its partitions, with the
      // uncommitted message, go to another member (or the next instance of this service).
      this.abandoned = true;
      this.logger.warn(
        `${this.spec.label} consumer did not stop cleanly within ${timeoutMs} ms (${describeError(error)}); ` +
          'uncommitted messages will be redelivered',
      );
    }
  }

  private async launch(): Promise<void> {
    this.launches++;
    const consumer = this.kafka.consumer({
      groupId: this.spec.groupId,
      sessionTimeout: KAFKA_TUNING.sessionTimeoutMs,
      heartbeatInterval: KAFKA_TUNING.heartbeatIntervalMs,
      rebalanceTimeout: KAFKA_TUNING.rebalanceTimeoutMs,
      maxWaitTimeInMs: KAFKA_TUNING.maxWaitTimeMs,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    const commits = (this.commits =
      this.spec.autoCommit === false
        ? undefined
        : new OffsetCommits(consumer, KAFKA_TUNING.autoCommitIntervalMs, (error) =>
            this.logger.warn(
              `${this.spec.label} consumer: committing offsets failed (${describeError(error)}); retried at the next commit`,
            ),
          ));
    this.observe(consumer, commits);
    try {
      await consumer.connect();
      // Without startPositions, a partition without a committed offset starts at the earliest
      // retained offset, not the latest: kafkajs resolves "latest" lazily at the first fetch, so
      // events published between listen() resolving and that fetch would be skipped.
      await consumer.subscribe({ topics: this.spec.topics, fromBeginning: true });
      await consumer.run({
        partitionsConsumedConcurrently: this.spec.partitionsConsumedConcurrently,
        autoCommit: false,
        ...(this.limit
          ? { eachBatchAutoResolve: false, eachBatch: (payload) => this.onBatch(payload, commits) }
          : { eachMessage: (payload) => this.onMessage(payload, commits) }),
      });
    } catch (error) {
      if (this.consumer === consumer) this.consumer = undefined;
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private async onMessage(
    { topic, partition, message, heartbeat }: EachMessagePayload,
    commits: OffsetCommits | undefined,
  ): Promise<void> {
    if (this.stopping) throw new KafkaJSError('consumer is stopping; message left uncommitted');
    await this.whileHeartbeating(heartbeat, async () => {
      try {
        await this.spec.handle(message, topic);
      } catch (error) {
        await this.rethrow(error, `${topic} offset ${message.offset}`, commits);
      }
      commits?.handled(topic, partition, message.offset);
    });
  }

  private async onBatch(
    payload: EachBatchPayload,
    commits: OffsetCommits | undefined,
  ): Promise<void> {
    if (this.stopping) throw new KafkaJSError('consumer is stopping; batch left uncommitted');
    const { batch, heartbeat } = payload;
    const resolveOffset = (offset: string) => {
      payload.resolveOffset(offset);
      commits?.handled(batch.topic, batch.partition, offset);
    };
    await this.whileHeartbeating(heartbeat, async () => {
      try {
        await handleBatchConcurrently(
          { ...payload, resolveOffset },
          {
            limit: this.limit!,
            handle: (message, topic) => this.spec.handle(message, topic),
            stopping: () => this.stopping,
          },
        );
      } catch (error) {
        await this.rethrow(
          error,
          `${batch.topic} partition ${batch.partition} from the first unfinished`,
          commits,
        );
      }
    });
  }

  /**
   * kafkajs heartbeats only between messages (kafkajs#447): keep the membership alive while a
   * handler retries, or the group rebalances and hands the partition to another member.
   */
  private async whileHeartbeating(heartbeat: () => Promise<void>, work: () => Promise<void>) {
    const keepAlive = setInterval(() => {
      if (!this.abandoned) void heartbeat().catch(() => undefined);
    }, KAFKA_TUNING.heartbeatIntervalMs);
    keepAlive.unref();
    const running = work();
    this.active.add(running);
    try {
      await running;
    } finally {
      this.active.delete(running);
      clearInterval(keepAlive);
    }
  }

  /**
   * Commits what was handled before the failure (kafkajs then fetches the partition again from
   * the failed message) and throws for kafkajs.
   */
  private async rethrow(
    error: unknown,
    where: string,
    commits: OffsetCommits | undefined,
  ): Promise<never> {
    await commits?.flush().catch(() => undefined);
    if (error instanceof DeliveryAbortedError || this.stopping) {
      // A KafkaJSError keeps kafkajs from logging an expected shutdown as a handler failure.
      throw new KafkaJSError(describeError(error), { retriable: true });
    }
    this.logger.warn(`${where} not committed, will be redelivered: ${describeError(error)}`);
    throw error;
  }

  private observe(consumer: Consumer, commits: OffsetCommits | undefined): void {
    const current = () => consumer === this.consumer;
    const { GROUP_JOIN, CRASH, STOP, REBALANCING, REQUEST } = consumer.events;
    consumer.on(REQUEST, () => this.onResponse());
    consumer.on(GROUP_JOIN, (event: ConsumerGroupJoinEvent) => {
      if (!current()) return;
      const { memberAssignment } = event.payload;
      commits?.keepOnly(memberAssignment);
      this.assignedPartitions = Object.values(memberAssignment).reduce((n, p) => n + p.length, 0);
      const where = `group ${this.spec.groupId} with ${this.assignedPartitions} partition(s)`;
      if (this.crashes > 0) {
        this.logger.log(
          `${this.spec.label} consumer recovered after ${this.crashes} crash(es): ${where}`,
        );
      } else if (this.joined) {
        this.logger.debug(`${this.spec.label} consumer rebalanced: ${where}`);
      } else {
        this.logger.log(`${this.spec.label} consumer joined ${where}`);
      }
      this.joined = true;
      this.crashes = 0;
      this.failedRelaunches = 0;
      const assignment = ++this.assignments;
      void this.place(consumer, memberAssignment, assignment, commits)
        .catch((error: unknown) =>
          this.logger.warn(`${this.spec.label} consumer placing: ${describeError(error)}`),
        )
        .then(() => {
          if (current() && assignment === this.assignments) {
            for (const resolve of this.joinWaiters.splice(0)) resolve();
          }
        });
    });
    consumer.on(REBALANCING, () => {
      if (!current()) return;
      this.logger.debug(`${this.spec.label} consumer rebalancing`);
      // Before the partitions move: what was handled is not delivered again to their next owner.
      // Best effort: a commit the coordinator refuses mid-rebalance leaves a replay, not a loss.
      commits?.flush().catch(() => undefined);
    });
    consumer.on(STOP, () => {
      if (current()) this.joined = false;
    });
    consumer.on(CRASH, (event: ConsumerCrashEvent) => {
      if (!current()) return;
      this.joined = false;
      const { error, restart } = event.payload;
      if (this.stopping) return;
      // One warning per outage; kafkajs retries every few seconds while the broker is away.
      const line =
        `${this.spec.label} consumer crashed (${describeError(error)}); ` +
        (restart ? 'kafkajs restarts it' : 'relaunching it');
      if (this.crashes++ === 0) this.logger.warn(line);
      else this.logger.debug(line);
      if (!restart) this.scheduleRelaunch(consumer);
    });
  }

  /**
   * Applies startPositions and reads() to a new assignment. Called synchronously from GROUP_JOIN,
   * which kafkajs emits before this generation's first fetch, so the pause comes first. A placed
   * start is committed (OffsetCommits.placed) before the partition is fetched. If placing
   * fails, the partitions are read anyway, from the earliest retained offset: a replay, never a
   * loss. A seek left for a partition a rebalance took away meanwhile can only move it back (a
   * later owner starts no earlier), so it too can only replay.
   */
  private async place(
    consumer: Consumer,
    memberAssignment: Record<string, number[]>,
    assignment: number,
    commits: OffsetCommits | undefined,
  ): Promise<void> {
    const { startPositions, reads } = this.spec;
    if ((!startPositions && !reads) || this.stopping) return;
    const assigned = Object.entries(memberAssignment).map(([topic, partitions]) => ({
      topic,
      partitions,
    }));
    consumer.pause(assigned);
    let starts: PartitionStart[] = [];
    try {
      if (startPositions) starts = await startPositions(assigned);
    } catch (error) {
      this.logger.warn(
        `${this.spec.label} consumer could not place its new partitions (${describeError(error)}); ` +
          'they start at the earliest retained offset',
      );
    }
    // Paused by stop() meanwhile, or replaced by a newer assignment (which places itself).
    if (this.stopping || consumer !== this.consumer || assignment !== this.assignments) return;
    try {
      for (const start of starts) consumer.seek(start);
      // kafkajs committed a seek itself only with its autoCommit on, which the supervisor leaves off.
      await Promise.all(
        starts.map((start) => commits?.placed(start.topic, start.partition, start.offset)),
      );
    } finally {
      consumer.resume(
        assigned.map(({ topic, partitions }) => ({
          topic,
          partitions: partitions.filter((partition) => reads?.(topic, partition) ?? true),
        })),
      );
    }
  }

  private scheduleRelaunch(dead: Consumer): void {
    const delay = Math.min(
      KAFKA_TUNING.relaunchMaxMs,
      KAFKA_TUNING.relaunchBaseMs * 2 ** Math.min(10, this.failedRelaunches++),
    );
    clearTimeout(this.relaunchTimer);
    this.relaunchTimer = setTimeout(() => {
      if (this.stopping) return;
      void dead.disconnect().catch(() => undefined);
      this.launch().catch((error: unknown) => {
        if (this.stopping) return;
        this.logger.warn(`${this.spec.label} consumer relaunch failed: ${describeError(error)}`);
        this.scheduleRelaunch(this.consumer ?? dead);
      });
    }, delay);
    this.relaunchTimer.unref();
  }
}
