import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { toErrorResponse } from './error-response';

/** The part of Express's response used here (@types/express is not installed). */
interface ExpressResponse {
  headersSent: boolean;
  status(code: number): this;
  set(headers: Record<string, string>): this;
  json(body: unknown): void;
}

/**
 * Every error leaves the gateway as `{ statusCode, error, message, details? }`: validation,
 * malformed or oversized bodies, remote answers, open circuits, timeouts, crashes. A crash is
 * logged with its stack and answered without it.
 */
@Catch()
export class GatewayExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Gateway');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ExpressResponse>();
    const { body, headers, unexpected } = toErrorResponse(exception);
    if (unexpected) {
      const error = exception instanceof Error ? (exception.stack ?? exception.message) : exception;
      this.logger.error(`answered ${body.statusCode}: ${String(error)}`);
    }
    if (response.headersSent) return;
    response.status(body.statusCode).set(headers).json(body);
  }
}
