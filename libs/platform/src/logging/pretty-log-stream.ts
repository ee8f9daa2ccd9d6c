import type { DestinationStream } from 'pino';

/**
 * pino-pretty as a stream in this thread rather than a pino transport (a worker thread): logs
 * buffered until the app's logger is ready, and the last lines of a crash, are written before the
 * process exits. Loaded only when asked for: production writes JSON and never needs it.
 */
export function prettyLogStream(): DestinationStream {
  const pretty = require('pino-pretty') as typeof import('pino-pretty');
  return pretty({
    colorize: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    singleLine: true,
  });
}
