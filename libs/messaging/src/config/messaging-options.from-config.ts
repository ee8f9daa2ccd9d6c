import { Env, parseEnv } from '@railyard/platform';
import { kafkaOptionsFrom } from '../transport/kafka/kafka.config';
import { memoryOptionsFrom } from '../transport/memory/memory.config';
import { rabbitmqOptionsFrom } from '../transport/rabbitmq/rabbitmq.config';
import { tcpOptionsFrom } from '../transport/tcp/tcp.config';
import { busOptionsFrom } from './bus.config';
import { MessagingConfig, messagingEnvSchema } from './messaging-env.schema';
import { MessagingOptions, MessagingOptionsFor, TransportName } from './messaging-options';

/**
 * The one place that turns the bus's parsed config into options: the bus-wide settings and the
 * chosen transport's block, which alone is built (so only its cross-variable rules and TLS files
 * can stop the start). `service` is this process's logical name (a key of SERVICES for the bundled
 * services; any name for a client-only process).
 */
export function messagingOptionsFrom(service: string, config: MessagingConfig): MessagingOptions {
  const bus = busOptionsFrom(service, config);
  switch (config.TRANSPORT) {
    case 'tcp':
      return { ...bus, transport: 'tcp', tcp: tcpOptionsFrom(service, config) };
    case 'rabbitmq':
      return { ...bus, transport: 'rabbitmq', rabbitmq: rabbitmqOptionsFrom(config) };
    case 'kafka':
      return { ...bus, transport: 'kafka', kafka: kafkaOptionsFrom(config) };
    case 'memory':
      return { ...bus, transport: 'memory', memory: memoryOptionsFrom(config) };
  }
}

/**
 * The options an env object gives: narrowed to its transport when it names TRANSPORT literally
 * (`{ TRANSPORT: 'kafka', … }` gives options with `kafka`), all four kinds otherwise.
 */
export type MessagingOptionsFromEnv<E> = E extends {
  readonly TRANSPORT: infer T extends TransportName;
}
  ? MessagingOptionsFor<T>
  : MessagingOptions;

/**
 * For code outside Nest (tests, tools, the benchmarks): parses `env` by messagingEnvSchema, then
 * maps it. There is no default: a caller that means process.env says so. In a Nest app, the bus
 * takes the app's already parsed config instead (`MessagingModule.forRoot({ service })`).
 */
export function messagingOptionsFromEnv<const E extends Env>(
  service: string,
  env: E,
): MessagingOptionsFromEnv<E> {
  // Parsing keeps a valid TRANSPORT as it was given, so the narrowed type holds.
  return messagingOptionsFrom(
    service,
    parseEnv(messagingEnvSchema, env),
  ) as MessagingOptionsFromEnv<E>;
}
