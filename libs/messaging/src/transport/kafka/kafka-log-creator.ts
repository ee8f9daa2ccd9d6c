import { Logger } from '@nestjs/common';
import { LogEntry, logCreator, logLevel } from 'kafkajs';

/**
 * Namespaces whose ERROR lines the transport already reports in its own words: kafkajs logs every
 * error response in Connection, including ones its caller expects (TOPIC_ALREADY_EXISTS), every
 * failed connection attempt while a broker is down (several a second), each consumer crash and
 * restart, each failed send and each throwing eachMessage.
 */
const REPORTED_BY_TRANSPORT = new Set([
  'Connection',
  'BrokerPool',
  'Consumer',
  'Producer',
  'Runner',
]);

/**
 * kafkajs log lines into the Nest logger. What the transport reports itself (broker unreachable /
 * reachable again, consumer crashed / rejoined, sends failing / accepted again) goes to debug, as
 * do kafkajs' routine WARN lines (rejoining a group); other ERROR lines are warnings.
 */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, error } = log as { message: string; error?: unknown };
      const line = `[kafkajs ${namespace}] ${message}${error ? `: ${String(error)}` : ''}`;
      if (level === logLevel.ERROR && !REPORTED_BY_TRANSPORT.has(namespace)) logger.warn(line);
      else logger.debug(line);
    };
}
