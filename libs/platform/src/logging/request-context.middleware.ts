import { Injectable, NestMiddleware } from '@nestjs/common';
import { withLogContext } from './log-context';
import { requestIdOf } from './request-id';

type Request = Parameters<typeof requestIdOf>[0];
type Response = Parameters<typeof requestIdOf>[1];

/**
 * Serves each HTTP request inside its log context: its id names the request in every line written
 * while serving it, and becomes the correlation id of the messages it sends.
 */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: () => void): void {
    const requestId = requestIdOf(request, response);
    withLogContext({ requestId, correlationId: requestId }, next);
  }
}
