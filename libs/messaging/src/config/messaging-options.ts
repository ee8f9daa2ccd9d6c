import type { KafkaOptions } from '../transport/kafka/kafka.options';
import type { MemoryOptions } from '../transport/memory/memory.options';
import type { RabbitMqOptions } from '../transport/rabbitmq/rabbitmq.options';
import type { TcpOptions } from '../transport/tcp/tcp.options';

/** `memory` runs inside one process only: for users' tests, not between processes. */
export const TRANSPORT_NAMES = ['tcp', 'rabbitmq', 'kafka', 'memory'] as const;
export type TransportName = (typeof TRANSPORT_NAMES)[number];

export interface RetryOptions {
  /** Handler attempts before the message is dead-lettered (1 = no retry). */
  maxAttempts: number;
  /** First backoff; doubles each attempt, with full jitter, capped at maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** The settings of one bus instance that mean the same on every transport. */
export interface BusOptions {
  /** Logical service name: Kafka consumer group, RabbitMQ queue prefix, TCP peer name. */
  service: string;
  /**
   * Prefix of every broker name the bus builds (Kafka topics and groups, RabbitMQ exchanges and
   * queues, the memory broker): systems with different namespaces share a broker without meeting.
   * '' = none (see config/namespace.ts). TCP has no shared broker and ignores it.
   */
  namespace: string;
  /** Unique per process: names reply queues/topics. */
  instanceId: string;
  maxMessageBytes: number;
  retry: RetryOptions;
  requestTimeoutMs: number;
  /** How long a publish may wait for the broker (e.g. during a reconnect) before failing. */
  publishTimeoutMs: number;
  /** Bound on draining in-flight handlers at shutdown. */
  shutdownTimeoutMs: number;
  /**
   * Events published while nothing subscribes to their type (a fresh vhost, a consumer deployed
   * after its producer) are held this long for a subscriber to appear, then dropped and counted.
   */
  unrouted: {
    retentionMs: number;
    /** TCP only (held in the publisher's memory): oldest dropped first past this many bytes. */
    maxBytes: number;
  };
}

/**
 * Resolved settings of one bus instance: the bus-wide ones and the block of the chosen transport
 * only, so a transport cannot read another's settings and a test need not invent them. Built by
 * `messagingOptionsFrom` (or given whole to `MessagingModule.forRoot({ options })`).
 */
export type MessagingOptions =
  | (BusOptions & { transport: 'tcp'; tcp: TcpOptions })
  | (BusOptions & { transport: 'rabbitmq'; rabbitmq: RabbitMqOptions })
  | (BusOptions & { transport: 'kafka'; kafka: KafkaOptions })
  | (BusOptions & { transport: 'memory'; memory: MemoryOptions });

/** The options of one transport, e.g. `MessagingOptionsFor<'kafka'>` has `kafka` and no other block. */
export type MessagingOptionsFor<T extends TransportName> = Extract<
  MessagingOptions,
  { transport: T }
>;
