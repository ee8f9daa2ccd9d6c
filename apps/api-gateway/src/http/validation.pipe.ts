import {
  ArgumentMetadata,
  BadRequestException,
  HttpException,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** `items.0.quantity: [...]`, one entry per bad field, however deep. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/**
 * Pipes run before the @Resilient policy, but a validator that crashes (our bug, a 500) once ran
 * inside it, counted against the downstream's breaker and was retried: one bad request opened the
 * payment circuit for every client (chaos suite, HTTP fuzz). Such errors still say through the
 * failure hints that they are neither the downstream's failure nor retryable, wherever they run.
 */
class GatewayValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof HttpException || typeof error !== 'object' || error === null)
        throw error;
      throw Object.assign(error, { downstreamFailure: false, retryable: false });
    }
  }
}

/**
 * Bodies and params against their DTOs: unknown properties refused (not stripped: a typo should
 * not silently drop a field), no implicit type conversion, every bad field named at once.
 */
export function gatewayValidationPipe(): ValidationPipe {
  return new GatewayValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new BadRequestException({
        message: 'the request is invalid',
        details: { fields: flattenValidationErrors(errors) },
      }),
  });
}
