import { BadRequestException } from '@nestjs/common';

/** One bad field of a request and everything wrong with it: `items.0.quantity: [...]`. */
export interface FieldProblem {
  field: string;
  problems: string[];
}

/**
 * The gateway's 400 for a request it refuses, every bad field named at once: `{ message: 'the
 * request is invalid', details: { fields } }` (the exception filter adds statusCode and error).
 */
export function invalidRequest(fields: FieldProblem[]): BadRequestException {
  return new BadRequestException({ message: 'the request is invalid', details: { fields } });
}
