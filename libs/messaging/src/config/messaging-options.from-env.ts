import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { SERVICES } from '@railyard/contracts';
import {
  commonEnvSchema,
  ConfigValidationError,
  Env,
  envBoolean,
  envCsv,
  envInt,
  envPort,
  parseEnv,
} from '@railyard/platform';
import {
  KAFKA_SASL_MECHANISMS,
  KafkaSasl,
  MessagingOptions,
  TcpPeer,
  TRANSPORT_NAMES,
} from './messaging-options';
import { readTlsMaterial, TlsMaterial } from './tls-material';

const MIB = 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Every variable the bus reads, with its default. `.env.example` documents each one. */
export const messagingEnvSchema = commonEnvSchema.pick({ BIND_HOST: true, DATA_DIR: true }).extend({
  TRANSPORT: z.enum(TRANSPORT_NAMES).default('tcp'),
  KAFKA_BROKERS: envCsv()
    .default('127.0.0.1:9092')
    .refine((brokers) => brokers.length > 0 && brokers.every(isHostPort), {
      message: 'each broker is host:port (port 1 to 65535)',
    }),
  KAFKA_PARTITIONS: envInt(1, 1000).default(3),
  KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY: envInt(1, 1000).default(3),
  KAFKA_REQUEST_CONCURRENCY: envInt(1, 10_000).default(32),
  KAFKA_SASL_MECHANISM: z.enum(KAFKA_SASL_MECHANISMS).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  KAFKA_TLS: envBoolean().default('false'),
  KAFKA_TLS_CA_FILE: z.string().min(1).optional(),
  KAFKA_TLS_CERT_FILE: z.string().min(1).optional(),
  KAFKA_TLS_KEY_FILE: z.string().min(1).optional(),
  RABBITMQ_URL: z
    .string()
    .url()
    .refine((url) => !URL.canParse(url) || ['amqp:', 'amqps:'].includes(new URL(url).protocol), {
      message: 'must be an amqp:// or amqps:// URL',
    })
    .default('amqp://guest:guest@127.0.0.1:5672'),
  RABBITMQ_PARTITIONS: envInt(1, 64).default(4),
  RABBITMQ_PREFETCH: envInt(1, 10_000).default(32),
  RABBITMQ_TLS_CA_FILE: z.string().min(1).optional(),
  RABBITMQ_TLS_CERT_FILE: z.string().min(1).optional(),
  RABBITMQ_TLS_KEY_FILE: z.string().min(1).optional(),
  MESSAGING_MAX_MESSAGE_BYTES: envInt(1024, 64 * MIB).default(MIB),
  MESSAGING_RETRY_ATTEMPTS: envInt(1, 100).default(5),
  MESSAGING_RETRY_BASE_MS: envInt(1, 60_000).default(100),
  MESSAGING_RETRY_MAX_MS: envInt(1, 600_000).default(2_000),
  MESSAGING_REQUEST_TIMEOUT_MS: envInt(1, 600_000).default(5_000),
  MESSAGING_PUBLISH_TIMEOUT_MS: envInt(1, 600_000).default(10_000),
  MESSAGING_SHUTDOWN_TIMEOUT_MS: envInt(1, 600_000).default(10_000),
  MESSAGING_UNROUTED_RETENTION_MS: envInt(1_000, 30 * DAY_MS).default(DAY_MS),
  MESSAGING_UNROUTED_MAX_BYTES: envInt(0, 4_096 * MIB).default(16 * MIB),
  TCP_DEAD_LETTER_MAX_FILE_BYTES: envInt(64 * 1024, 4_096 * MIB).default(16 * MIB),
  TCP_DEAD_LETTER_FILES: envInt(1, 1_000).default(4),
  TCP_DEAD_LETTER_RETENTION_MS: envInt(60_000, 365 * DAY_MS).default(7 * DAY_MS),
  // HMAC key of the TCP peers' handshake; 32+ characters, like any HMAC key worth having.
  BUS_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TCP_TLS_CA_FILE: z.string().min(1).optional(),
  TCP_TLS_CERT_FILE: z.string().min(1).optional(),
  TCP_TLS_KEY_FILE: z.string().min(1).optional(),
  MESSAGING_MEMORY_BROKER: z.string().min(1).default('railyard'),
  NODE_ENV: z.string().optional(),
});

/** `host:port`, the host a name, an IPv4 address or an IPv6 address in brackets. */
function isHostPort(address: string): boolean {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:\s[\]]+):(\d{1,5})$/.exec(address);
  const port = Number(match?.[2]);
  return match !== null && port >= 1 && port <= 65_535;
}

const peerSchema = (name: string, defaultPort: number) =>
  z.object({
    [`${name}_HOST`]: z.string().min(1).default('127.0.0.1'),
    [`${name}_TCP_PORT`]: envPort().default(defaultPort),
  });

/**
 * The one place that turns configuration into transport options. `service` is this process's
 * logical name (a key of SERVICES for the bundled services; any name for a client-only process).
 */
/** The topic exchange every service publishes its events to (tests read its bindings). */
export const RABBITMQ_EVENT_EXCHANGE = 'railyard.events';

export function messagingOptionsFromEnv(service: string, env: Env = process.env): MessagingOptions {
  const e = parseEnv(messagingEnvSchema, env);
  if (e.TRANSPORT === 'tcp' && e.NODE_ENV === 'production' && !e.BUS_SECRET) {
    throw new ConfigValidationError([
      'BUS_SECRET: is required on the TCP transport when NODE_ENV=production ' +
        '(without it, any process that reaches a service port can send it messages)',
    ]);
  }
  const peers = tcpPeersFromEnv(env);
  const kafkaSecurity = e.TRANSPORT === 'kafka' ? kafkaSecurityFromEnv(e) : {};
  const rabbitmqTls = e.TRANSPORT === 'rabbitmq' ? rabbitmqTlsFromEnv(e) : undefined;
  const tcpTls = e.TRANSPORT === 'tcp' ? tcpTlsFromEnv(e) : undefined;
  return {
    transport: e.TRANSPORT,
    service,
    instanceId: `${service}-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    maxMessageBytes: e.MESSAGING_MAX_MESSAGE_BYTES,
    retry: {
      maxAttempts: e.MESSAGING_RETRY_ATTEMPTS,
      baseDelayMs: e.MESSAGING_RETRY_BASE_MS,
      maxDelayMs: Math.max(e.MESSAGING_RETRY_BASE_MS, e.MESSAGING_RETRY_MAX_MS),
    },
    requestTimeoutMs: e.MESSAGING_REQUEST_TIMEOUT_MS,
    publishTimeoutMs: e.MESSAGING_PUBLISH_TIMEOUT_MS,
    shutdownTimeoutMs: e.MESSAGING_SHUTDOWN_TIMEOUT_MS,
    unrouted: {
      retentionMs: e.MESSAGING_UNROUTED_RETENTION_MS,
      maxBytes: e.MESSAGING_UNROUTED_MAX_BYTES,
    },
    kafka: {
      brokers: e.KAFKA_BROKERS,
      partitions: e.KAFKA_PARTITIONS,
      partitionsConsumedConcurrently: e.KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY,
      requestConcurrency: e.KAFKA_REQUEST_CONCURRENCY,
      ...kafkaSecurity,
    },
    rabbitmq: {
      url: e.RABBITMQ_URL,
      partitions: e.RABBITMQ_PARTITIONS,
      prefetch: e.RABBITMQ_PREFETCH,
      exchange: RABBITMQ_EVENT_EXCHANGE,
      deadLetterExchange: 'railyard.dead-letter',
      ...(rabbitmqTls ? { tls: rabbitmqTls } : {}),
    },
    tcp: {
      port: peers.find((peer) => peer.name === service)?.port,
      bindHost: e.BIND_HOST,
      peers,
      ...(e.BUS_SECRET ? { busSecret: e.BUS_SECRET } : {}),
      ...(tcpTls ? { tls: tcpTls } : {}),
      deadLetterFile: join(e.DATA_DIR, service, 'dead-letters.jsonl'),
      deadLetterRetention: {
        maxFileBytes: e.TCP_DEAD_LETTER_MAX_FILE_BYTES,
        files: e.TCP_DEAD_LETTER_FILES,
        retentionMs: e.TCP_DEAD_LETTER_RETENTION_MS,
      },
    },
    memory: { broker: e.MESSAGING_MEMORY_BROKER },
  };
}

function tcpPeersFromEnv(env: Env): TcpPeer[] {
  return Object.entries(SERVICES).map(([name, defaults]) => {
    const prefix = name.toUpperCase().replace(/-/g, '_');
    const parsed = parseEnv(peerSchema(prefix, defaults.tcpPort), env) as Record<string, unknown>;
    return {
      name,
      host: parsed[`${prefix}_HOST`] as string,
      port: parsed[`${prefix}_TCP_PORT`] as number,
    };
  });
}

type MessagingEnv = z.output<typeof messagingEnvSchema>;

/** SASL and TLS of the Kafka clients; files are read (and refused if unreadable) at start. */
function kafkaSecurityFromEnv(e: MessagingEnv): { sasl?: KafkaSasl; tls?: TlsMaterial } {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username } = e;
  const password = e.KAFKA_SASL_PASSWORD;
  if (mechanism && (!username || !password)) {
    throw new ConfigValidationError([
      'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD: both are required with KAFKA_SASL_MECHANISM',
    ]);
  }
  const files = { ca: e.KAFKA_TLS_CA_FILE, cert: e.KAFKA_TLS_CERT_FILE, key: e.KAFKA_TLS_KEY_FILE };
  if (!e.KAFKA_TLS && Object.values(files).some((file) => file !== undefined)) {
    throw new ConfigValidationError(['KAFKA_TLS: set it to true to use KAFKA_TLS_*_FILE']);
  }
  return {
    ...(mechanism ? { sasl: { mechanism, username: username!, password: password! } } : {}),
    ...(e.KAFKA_TLS ? { tls: readTlsMaterial('KAFKA', files) } : {}),
  };
}

/** The CA and client certificate of an amqps:// connection. */
function rabbitmqTlsFromEnv(e: MessagingEnv): TlsMaterial | undefined {
  const files = {
    ca: e.RABBITMQ_TLS_CA_FILE,
    cert: e.RABBITMQ_TLS_CERT_FILE,
    key: e.RABBITMQ_TLS_KEY_FILE,
  };
  if (Object.values(files).every((file) => file === undefined)) return undefined;
  if (!e.RABBITMQ_URL.startsWith('amqps://')) {
    throw new ConfigValidationError([
      'RABBITMQ_TLS_*_FILE: RABBITMQ_URL must be amqps:// to use them',
    ]);
  }
  return readTlsMaterial('RABBITMQ', files);
}

/** Mutual TLS between TCP peers: on when a certificate and key are given. */
function tcpTlsFromEnv(e: MessagingEnv): TlsMaterial | undefined {
  const files = { ca: e.TCP_TLS_CA_FILE, cert: e.TCP_TLS_CERT_FILE, key: e.TCP_TLS_KEY_FILE };
  if (Object.values(files).every((file) => file === undefined)) return undefined;
  if (files.cert === undefined) {
    throw new ConfigValidationError([
      'TCP_TLS_CERT_FILE and TCP_TLS_KEY_FILE: required for TLS between peers (each one serves)',
    ]);
  }
  return readTlsMaterial('TCP', files);
}
