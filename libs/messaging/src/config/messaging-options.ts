export const TRANSPORT_NAMES = ['tcp', 'rabbitmq', 'kafka'] as const;
export type TransportName = (typeof TRANSPORT_NAMES)[number];

export interface RetryOptions {
  /** Handler attempts before the message is dead-lettered (1 = no retry). */
  maxAttempts: number;
  /** First backoff; doubles each attempt, with full jitter, capped at maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface TcpPeer {
  /** Logical service name, e.g. `inventory`. */
  name: string;
  host: string;
  port: number;
}

/** Resolved settings of one bus instance. Built from env by `messagingOptionsFromEnv` only. */
export interface MessagingOptions {
  transport: TransportName;
  /** Logical service name: Kafka consumer group, RabbitMQ queue prefix, TCP peer name. */
  service: string;
  /** Unique per process: names reply queues/topics. */
  instanceId: string;
  maxMessageBytes: number;
  retry: RetryOptions;
  requestTimeoutMs: number;
  /** How long a publish may wait for the broker (e.g. during a reconnect) before failing. */
  publishTimeoutMs: number;
  /** Bound on draining in-flight handlers at shutdown. */
  shutdownTimeoutMs: number;
  kafka: {
    brokers: string[];
    partitions: number;
    /** Partitions of one consumer handled in parallel; order holds within each partition. */
    partitionsConsumedConcurrently: number;
  };
  rabbitmq: {
    url: string;
    /** Shards per service queue (like Kafka partitions); every service must agree. */
    partitions: number;
    prefetch: number;
    exchange: string;
    deadLetterExchange: string;
  };
  tcp: {
    /** Where this process listens; undefined = it serves no TCP (e.g. a pure client). */
    port?: number;
    bindHost: string;
    peers: TcpPeer[];
    /** JSON-lines file of dead letters (TCP has no broker to hold them). */
    deadLetterFile: string;
    /** A partial frame whose rest does not arrive within this closes its connection (default 10 s). */
    frameStallMs?: number;
  };
}
