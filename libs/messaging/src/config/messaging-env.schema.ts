import { z } from 'zod';
import { kafkaEnvSchema } from '../transport/kafka/kafka.config';
import { memoryEnvSchema } from '../transport/memory/memory.config';
import { rabbitmqEnvSchema } from '../transport/rabbitmq/rabbitmq.config';
import { tcpEnvSchema } from '../transport/tcp/tcp.config';
import { busEnvSchema } from './bus.config';

/**
 * Every variable the bus reads, with its default (`.env.example` documents each one): the
 * bus-wide section and each transport's own. All of them are checked whatever TRANSPORT says, so
 * the app schema that merges this one refuses a bad broker address at start, even one unused yet.
 */
export const messagingEnvSchema = busEnvSchema
  .merge(kafkaEnvSchema)
  .merge(rabbitmqEnvSchema)
  .merge(tcpEnvSchema)
  .merge(memoryEnvSchema);

/** The bus's section of an app's parsed config. */
export type MessagingConfig = z.output<typeof messagingEnvSchema>;
