import type { TlsMaterial } from '../../config/tls-material';

/** What the RabbitMQ transport needs beyond the bus-wide settings (built by rabbitmqOptionsFrom). */
export interface RabbitMqOptions {
  url: string;
  /** Shards per service queue (like Kafka partitions); every service must agree. */
  partitions: number;
  prefetch: number;
  exchange: string;
  deadLetterExchange: string;
  /** For an amqps:// URL: the CA and client certificate files (RABBITMQ_TLS_*). */
  tls?: TlsMaterial;
}
