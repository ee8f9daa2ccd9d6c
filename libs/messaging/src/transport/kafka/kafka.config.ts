import { z } from 'zod';
import { ConfigValidationError, envBoolean, envCsv, envInt } from '@railyard/platform';
import { readTlsMaterial } from '../../config/tls-material';
import {
  KAFKA_NEW_GROUP_STARTS,
  KAFKA_SASL_MECHANISMS,
  KafkaOptions,
  KafkaSasl,
} from './kafka.options';

/** The KAFKA_* variables. Addresses are checked here, not 10 s later by a failed connect. */
export const kafkaEnvSchema = z.object({
  KAFKA_BROKERS: envCsv()
    .default('127.0.0.1:9092')
    .refine((brokers) => brokers.length > 0 && brokers.every(isHostPort), {
      message: 'each broker is host:port (port 1 to 65535)',
    }),
  KAFKA_PARTITIONS: envInt(1, 1000).default(3),
  KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY: envInt(1, 1000).default(3),
  KAFKA_REQUEST_CONCURRENCY: envInt(1, 10_000).default(32),
  KAFKA_NEW_GROUP_START: z.enum(KAFKA_NEW_GROUP_STARTS).default('window'),
  KAFKA_SASL_MECHANISM: z.enum(KAFKA_SASL_MECHANISMS).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  KAFKA_TLS: envBoolean().default('false'),
  KAFKA_TLS_CA_FILE: z.string().min(1).optional(),
  KAFKA_TLS_CERT_FILE: z.string().min(1).optional(),
  KAFKA_TLS_KEY_FILE: z.string().min(1).optional(),
});

export type KafkaConfig = z.output<typeof kafkaEnvSchema>;

/**
 * The Kafka block of the bus options. The checks that span variables are here, not in the schema
 * (a refined schema could not be merged into an app's), so they apply only when Kafka is chosen;
 * TLS files are read (and refused if unreadable) now, at start.
 */
export function kafkaOptionsFrom(config: KafkaConfig): KafkaOptions {
  return {
    brokers: config.KAFKA_BROKERS,
    partitions: config.KAFKA_PARTITIONS,
    partitionsConsumedConcurrently: config.KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY,
    requestConcurrency: config.KAFKA_REQUEST_CONCURRENCY,
    newGroupStart: config.KAFKA_NEW_GROUP_START,
    ...kafkaSecurityFrom(config),
  };
}

function kafkaSecurityFrom(config: KafkaConfig): { sasl?: KafkaSasl; tls?: KafkaOptions['tls'] } {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username } = config;
  const password = config.KAFKA_SASL_PASSWORD;
  if (mechanism && (!username || !password)) {
    throw new ConfigValidationError([
      'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD: both are required with KAFKA_SASL_MECHANISM',
    ]);
  }
  const files = {
    ca: config.KAFKA_TLS_CA_FILE,
    cert: config.KAFKA_TLS_CERT_FILE,
    key: config.KAFKA_TLS_KEY_FILE,
  };
  if (!config.KAFKA_TLS && Object.values(files).some((file) => file !== undefined)) {
    throw new ConfigValidationError(['KAFKA_TLS: set it to true to use KAFKA_TLS_*_FILE']);
  }
  return {
    ...(mechanism ? { sasl: { mechanism, username: username!, password: password! } } : {}),
    ...(config.KAFKA_TLS ? { tls: readTlsMaterial('KAFKA', files) } : {}),
  };
}

/** `host:port`, the host a name, an IPv4 address or an IPv6 address in brackets. */
function isHostPort(address: string): boolean {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:\s[\]]+):(\d{1,5})$/.exec(address);
  const port = Number(match?.[2]);
  return match !== null && port >= 1 && port <= 65_535;
}
