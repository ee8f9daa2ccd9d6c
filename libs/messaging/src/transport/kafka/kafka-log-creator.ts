import { Logger } from '@nestjs/common';
import { LogEntry, logCreator, logLevel } from 'kafkajs';

/**
 * kafkajs log lines into the Nest logger. kafkajs logs every error response at ERROR in its
 * Connection, including ones its caller expects and handles (TOPIC_ALREADY_EXISTS, rebalance in
 * progress); those go to debug. Its WARN lines are routine (rejoining a group) and go to debug
 * too; the transport logs the state changes that matter itself.
 */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, error } = log as { message: string; error?: unknown };
      const line = `[kafkajs ${namespace}] ${message}${error ? `: ${String(error)}` : ''}`;
      const handledResponse = namespace === 'Connection' && message.startsWith('Response ');
      if (level === logLevel.ERROR && !handledResponse) logger.warn(line);
      else logger.debug(line);
    };
}
