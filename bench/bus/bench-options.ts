import { MessagingOptions, messagingOptionsFromEnv } from '@railyard/messaging';
import { BenchTransport } from '../support/cli-args';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchNames, Variant } from './bench-names';

/**
 * The bus settings of one endpoint: the production defaults (.env.example) with this run's unique
 * names. Raw endpoints read the same object (brokers, partitions, prefetch), so both sides of a
 * comparison are configured alike. `tcpPort` is where a TCP endpoint listens.
 */
export function benchOptions(
  runId: string,
  transport: BenchTransport,
  variant: Variant,
  tcpPort: number,
): MessagingOptions {
  const names = benchNames(runId, transport, variant);
  const env: Record<string, string | undefined> = {
    TRANSPORT: transport,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    RABBITMQ_URL: process.env.RABBITMQ_URL,
  };
  const options = messagingOptionsFromEnv(names.service, env);
  return {
    ...options,
    rabbitmq: {
      ...options.rabbitmq,
      exchange: names.exchange,
      deadLetterExchange: names.deadLetterExchange,
    },
    tcp: {
      ...options.tcp,
      port: tcpPort,
      peers: [{ name: names.service, host: '127.0.0.1', port: tcpPort }],
      deadLetterFile: join(tmpdir(), names.service, 'dead-letters.jsonl'),
    },
  };
}
