import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import { envInt } from '@railyard/platform';
import { BusOptions, TRANSPORT_NAMES } from './messaging-options';
import { namespaceSchema } from './namespace';

const MIB = 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The MESSAGING_* variables and TRANSPORT: what every transport reads alike. */
export const busEnvSchema = z.object({
  TRANSPORT: z.enum(TRANSPORT_NAMES).default('tcp'),
  RAILYARD_NAMESPACE: namespaceSchema.default(''),
  MESSAGING_MAX_MESSAGE_BYTES: envInt(1024, 64 * MIB).default(MIB),
  MESSAGING_RETRY_ATTEMPTS: envInt(1, 100).default(5),
  MESSAGING_RETRY_BASE_MS: envInt(1, 60_000).default(100),
  MESSAGING_RETRY_MAX_MS: envInt(1, 600_000).default(2_000),
  MESSAGING_REQUEST_TIMEOUT_MS: envInt(1, 600_000).default(5_000),
  MESSAGING_PUBLISH_TIMEOUT_MS: envInt(1, 600_000).default(10_000),
  MESSAGING_SHUTDOWN_TIMEOUT_MS: envInt(1, 600_000).default(10_000),
  MESSAGING_UNROUTED_RETENTION_MS: envInt(1_000, 30 * DAY_MS).default(DAY_MS),
  MESSAGING_UNROUTED_MAX_BYTES: envInt(0, 4_096 * MIB).default(16 * MIB),
});

export type BusConfig = z.output<typeof busEnvSchema>;

/** The bus-wide settings of `service`; each start gets a new instance id (reply queues, topics). */
export function busOptionsFrom(service: string, config: BusConfig): BusOptions {
  return {
    service,
    namespace: config.RAILYARD_NAMESPACE,
    instanceId: `${service}-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    maxMessageBytes: config.MESSAGING_MAX_MESSAGE_BYTES,
    retry: {
      maxAttempts: config.MESSAGING_RETRY_ATTEMPTS,
      baseDelayMs: config.MESSAGING_RETRY_BASE_MS,
      maxDelayMs: Math.max(config.MESSAGING_RETRY_BASE_MS, config.MESSAGING_RETRY_MAX_MS),
    },
    requestTimeoutMs: config.MESSAGING_REQUEST_TIMEOUT_MS,
    publishTimeoutMs: config.MESSAGING_PUBLISH_TIMEOUT_MS,
    shutdownTimeoutMs: config.MESSAGING_SHUTDOWN_TIMEOUT_MS,
    unrouted: {
      retentionMs: config.MESSAGING_UNROUTED_RETENTION_MS,
      maxBytes: config.MESSAGING_UNROUTED_MAX_BYTES,
    },
  };
}
