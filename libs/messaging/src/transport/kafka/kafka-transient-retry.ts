import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeError, isPermanentKafkaError } from './kafka-error';

const ATTEMPTS = 6;
const STEP_MS = 500;

/**
 * Retries a start-up step that failed for a reason kafkajs calls retriable. Seen here: a consumer
 * subscribing to a topic created a moment ago gets UNKNOWN_TOPIC_OR_PARTITION ("This server does
 * not host this topic-partition") until the metadata has spread, most often on a loaded machine.
 */
export async function retryTransient<T>(
  what: string,
  work: () => Promise<T>,
  logger: Logger,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= ATTEMPTS || isPermanentKafkaError(error)) throw error;
      logger.warn(`${what}: ${describeError(error)}; retrying (${attempt}/${ATTEMPTS - 1})`);
      await sleep(STEP_MS * attempt);
    }
  }
}
