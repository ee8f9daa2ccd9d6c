import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { throwError } from 'rxjs';
import { toErrorShape } from '../errors/to-error-shape';

/**
 * Nest's default RPC filter replaces any non-RpcException with "Internal server error", so the
 * caller could never tell "out of stock" from a crash. On the bus we keep the handler's own code
 * and message (as an ErrorShape); HTTP errors get Nest's usual treatment.
 */
@Catch()
export class RpcErrorShapeFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() === 'rpc') return throwError(() => toErrorShape(exception));
    return super.catch(exception, host);
  }
}
