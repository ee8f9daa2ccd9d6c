import { z } from 'zod';
import { ConfigValidationError, envInt } from '@railyard/platform';
import { readTlsMaterial, TlsMaterial } from '../../config/tls-material';
import { RabbitMqOptions } from './rabbitmq.options';

/** The topic exchange every service publishes its events to (tests read its bindings). */
export const RABBITMQ_EVENT_EXCHANGE = 'railyard.events';
const RABBITMQ_DEAD_LETTER_EXCHANGE = 'railyard.dead-letter';

/** The RABBITMQ_* variables. The URL's scheme is checked here, not by a failed connect. */
export const rabbitmqEnvSchema = z.object({
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
});

export type RabbitMqConfig = z.output<typeof rabbitmqEnvSchema>;

/** The RabbitMQ block of the bus options; TLS files are read (and refused if unreadable) now. */
export function rabbitmqOptionsFrom(config: RabbitMqConfig): RabbitMqOptions {
  const tls = rabbitmqTlsFrom(config);
  return {
    url: config.RABBITMQ_URL,
    partitions: config.RABBITMQ_PARTITIONS,
    prefetch: config.RABBITMQ_PREFETCH,
    exchange: RABBITMQ_EVENT_EXCHANGE,
    deadLetterExchange: RABBITMQ_DEAD_LETTER_EXCHANGE,
    ...(tls ? { tls } : {}),
  };
}

/** The CA and client certificate of an amqps:// connection. */
function rabbitmqTlsFrom(config: RabbitMqConfig): TlsMaterial | undefined {
  const files = {
    ca: config.RABBITMQ_TLS_CA_FILE,
    cert: config.RABBITMQ_TLS_CERT_FILE,
    key: config.RABBITMQ_TLS_KEY_FILE,
  };
  if (Object.values(files).every((file) => file === undefined)) return undefined;
  if (!config.RABBITMQ_URL.startsWith('amqps://')) {
    throw new ConfigValidationError([
      'RABBITMQ_TLS_*_FILE: RABBITMQ_URL must be amqps:// to use them',
    ]);
  }
  return readTlsMaterial('RABBITMQ', files);
}
