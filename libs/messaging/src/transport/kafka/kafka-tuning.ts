import { RetryOptions } from 'kafkajs';

/**
 * Timings of the kafkajs clients, in one place so their trade-offs can be read together.
 * kafkajs only heartbeats between messages (kafkajs#447), so the transport also heartbeats on a
 * timer while a message is being handled; the group timings below assume that.
 */
export const KAFKA_TUNING = {
  /**
   * A member that stops heartbeating (crash, SIGKILL, a handler abandoned at shutdown) loses its
   * partitions after this. The broker's minimum is 6 s (group.min.session.timeout.ms).
   */
  sessionTimeoutMs: 10_000,
  /** About a tenth of the session timeout: a rebalance is noticed within a second. */
  heartbeatIntervalMs: 1_000,
  /** How long the coordinator waits for busy members to rejoin before dropping them. */
  rebalanceTimeoutMs: 30_000,
  /** Long-poll bound of an idle fetch; also paces the liveness signal of an idle instance. */
  maxWaitTimeMs: 500,
  /** Handled offsets are committed this often (OffsetCommits), not after every fetched batch. */
  autoCommitIntervalMs: 1_000,
  /** Bound on listen()/connect() waiting for a consumer to join its group and get partitions. */
  joinTimeoutMs: 30_000,
  /** Bound on opening the producer and admin connections. */
  connectTimeoutMs: 30_000,
  /** No broker response for this long: status() reports the bus as disconnected. */
  livenessWindowMs: 5_000,
  connectionTimeoutMs: 3_000,
  requestTimeoutMs: 30_000,
  /** Backoff of relaunching a consumer kafkajs gave up on (CRASH with restart: false). */
  relaunchBaseMs: 1_000,
  relaunchMaxMs: 30_000,
} as const;

/** Connection and request retries inside kafkajs; a broker restart outlasts them, see the supervisor. */
export const CLIENT_RETRY: RetryOptions = {
  initialRetryTime: 250,
  maxRetryTime: 3_000,
  retries: 6,
};

/**
 * Short: the publisher retries a failed batch itself until each record's own deadline, so a send
 * never blocks the queue for much longer than a publish may wait.
 */
export const PRODUCER_RETRY: RetryOptions = {
  initialRetryTime: 100,
  maxRetryTime: 1_000,
  retries: 3,
};

/**
 * Broker message limits. Topics accept what the bus accepts plus room for headers, and never less
 * than the broker default, so an oversized message still lands and is dead-lettered by the pipeline
 * instead of being refused at the door. Dead-letter topics take a little more (their extra headers).
 */
export function topicMaxMessageBytes(maxMessageBytes: number): number {
  return Math.max(maxMessageBytes, 1024 * 1024) + 64 * 1024;
}

export function deadLetterTopicMaxMessageBytes(maxMessageBytes: number): number {
  return topicMaxMessageBytes(maxMessageBytes) + 64 * 1024;
}
