import type { TlsMaterial } from '../../config/tls-material';

export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

/**
 * Where a consumer group starts on a partition it has no committed offset for (a new service, a
 * renamed one, a topic a service newly subscribes to): `window` = the events of the last
 * MESSAGING_UNROUTED_RETENTION_MS (what the other transports hold for a subscriber that comes
 * late), `latest` = only events published after it joined, `earliest` = all retained history.
 */
export const KAFKA_NEW_GROUP_STARTS = ['window', 'latest', 'earliest'] as const;
export type KafkaNewGroupStart = (typeof KAFKA_NEW_GROUP_STARTS)[number];

export interface KafkaSasl {
  mechanism: (typeof KAFKA_SASL_MECHANISMS)[number];
  username: string;
  password: string;
}

/** What the Kafka transport needs beyond the bus-wide settings (built by kafkaOptionsFrom). */
export interface KafkaOptions {
  brokers: string[];
  partitions: number;
  /** Partitions of one consumer handled in parallel; order holds within each partition. */
  partitionsConsumedConcurrently: number;
  /**
   * Requests one service instance serves at once, across its partitions. Requests promise no
   * order, so they need not wait behind each other as one partition's events do.
   */
  requestConcurrency: number;
  /** KAFKA_NEW_GROUP_START: see KAFKA_NEW_GROUP_STARTS. */
  newGroupStart: KafkaNewGroupStart;
  /** SASL authentication (KAFKA_SASL_*); none when absent. */
  sasl?: KafkaSasl;
  /** TLS to the brokers (KAFKA_TLS=true); plaintext when absent. */
  tls?: TlsMaterial;
}
