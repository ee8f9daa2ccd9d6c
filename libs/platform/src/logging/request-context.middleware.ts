import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { isProbePath } from '../http/probe-routes';
import { withLogContext } from './log-context';
import { logRequestEnd } from './request-end-log';
import { requestIdOf } from './request-id';

/** The app's root pino logger, which request ends are logged with (see railyardLoggerModule). */
export const REQUEST_END_LOGGER = Symbol('REQUEST_END_LOGGER');

/**
 * Serves each HTTP request inside its log context: its id names the request in every line written
 * while serving it, and becomes the correlation id of the messages it sends. Its end is logged
 * (logRequestEnd), except for the probes and scrapes (PROBE_ROUTES): a line per poll is noise.
 */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  constructor(@Inject(REQUEST_END_LOGGER) private readonly logger: Logger) {}

  use(request: IncomingMessage, response: ServerResponse, next: () => void): void {
    const requestId = requestIdOf(request, response);
    if (!isProbePath(request.url)) {
      const startedAt = performance.now();
      // 'close' also comes after 'finish': whichever is first ends the request, once.
      const ended = () => {
        response.off('finish', ended);
        response.off('close', ended);
        logRequestEnd(this.logger, request, response, requestId, startedAt);
      };
      response.on('finish', ended);
      response.on('close', ended);
    }
    withLogContext({ requestId, correlationId: requestId }, next);
  }
}
