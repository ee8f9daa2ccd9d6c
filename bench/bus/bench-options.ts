import {
  MessagingOptions,
  MessagingOptionsFor,
  messagingOptionsFromEnv,
} from '@railyard/messaging';
import { BenchTransport } from '../support/cli-args';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchNames, Variant } from './bench-names';

/**
 * The bus settings of one endpoint: the production defaults (.env.example) with this run's unique
 * names. Raw endpoints read the same object (brokers, partitions, prefetch), so both sides of a
 * comparison are configured alike. `tcpPort` is where a TCP endpoint listens.
 */
export function benchOptions<T extends BenchTransport>(
  runId: string,
  transport: T,
  variant: Variant,
  tcpPort: number,
): MessagingOptionsFor<T> {
  const names = benchNames(runId, transport, variant);
  // Only the brokers' addresses come from this process's environment: nothing else may tilt a run.
  const options: MessagingOptions = messagingOptionsFromEnv(names.service, {
    TRANSPORT: transport,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    RABBITMQ_URL: process.env.RABBITMQ_URL,
  });
  return withRunNames(options, names, tcpPort) as MessagingOptionsFor<T>;
}

/** This run's exchanges (RabbitMQ), or its own port, peer and dead-letter folder (TCP). */
function withRunNames(
  options: MessagingOptions,
  names: ReturnType<typeof benchNames>,
  tcpPort: number,
): MessagingOptions {
  switch (options.transport) {
    case 'rabbitmq':
      return {
        ...options,
        rabbitmq: {
          ...options.rabbitmq,
          exchange: names.exchange,
          deadLetterExchange: names.deadLetterExchange,
        },
      };
    case 'tcp':
      return {
        ...options,
        tcp: {
          ...options.tcp,
          port: tcpPort,
          peers: [{ name: names.service, host: '127.0.0.1', port: tcpPort }],
          deadLetterFile: join(tmpdir(), names.service, 'dead-letters.jsonl'),
        },
      };
    default:
      return options;
  }
}
