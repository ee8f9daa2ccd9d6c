import { TlsMaterial } from './tls-material';

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

export interface TcpPeer {
  /** Logical service name, e.g. `inventory`. */
  name: string;
  host: string;
  port: number;
}

export interface DeadLetterRetention {
  /** The live file is rotated before a line would take it past this size. */
  maxFileBytes: number;
  /** Rotated files kept; the oldest is deleted (and its letters counted as dropped) past this. */
  files: number;
  /** Rotated files older than this are deleted (and their letters counted as dropped). */
  retentionMs: number;
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
  /**
   * Events published while nothing subscribes to their type (a fresh vhost, a consumer deployed
   * after its producer) are held this long for a subscriber to appear, then dropped and counted.
   */
  unrouted: {
    retentionMs: number;
    /** TCP only (held in the publisher's memory): oldest dropped first past this many bytes. */
    maxBytes: number;
  };
  kafka: {
    brokers: string[];
    partitions: number;
    /** Partitions of one consumer handled in parallel; order holds within each partition. */
    partitionsConsumedConcurrently: number;
    /**
     * Requests one service instance serves at once, across its partitions. Requests promise no
     * order, so they need not wait behind each other as one partition's events do.
     */
    requestConcurrency: number;
    /** SASL authentication (KAFKA_SASL_*); none when absent. */
    sasl?: KafkaSasl;
    /** TLS to the brokers (KAFKA_TLS=true); plaintext when absent. */
    tls?: TlsMaterial;
  };
  rabbitmq: {
    url: string;
    /** Shards per service queue (like Kafka partitions); every service must agree. */
    partitions: number;
    prefetch: number;
    exchange: string;
    deadLetterExchange: string;
    /** For an amqps:// URL: the CA and client certificate files (RABBITMQ_TLS_*). */
    tls?: TlsMaterial;
  };
  tcp: {
    /** Where this process listens; undefined = it serves no TCP (e.g. a pure client). */
    port?: number;
    bindHost: string;
    peers: TcpPeer[];
    /** JSON-lines file of dead letters (TCP has no broker to hold them). */
    deadLetterFile: string;
    /** Rotation of that file: the live file plus at most `files` rotated ones, none older than `retentionMs`. */
    deadLetterRetention: DeadLetterRetention;
    /** A partial frame whose rest does not arrive within this closes its connection (default 10 s). */
    frameStallMs?: number;
    /**
     * Shared by every service: peers prove they know it (HMAC challenge) before a frame of theirs
     * is read, and a client checks the server the same way. Unset: anyone reaching the port is
     * taken, as on a developer's machine (warned at start; refused with NODE_ENV=production).
     */
    busSecret?: string;
    /**
     * Mutual TLS between peers (TCP_TLS_*_FILE): this process's certificate and key, as server
     * and as client, and the CA its peers' certificates must chain to. Plain TCP when absent.
     */
    tls?: TlsMaterial;
  };
  memory: {
    /** Services of one process that name the same broker share it (MESSAGING_MEMORY_BROKER). */
    broker: string;
  };
}

export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

export interface KafkaSasl {
  mechanism: (typeof KAFKA_SASL_MECHANISMS)[number];
  username: string;
  password: string;
}
