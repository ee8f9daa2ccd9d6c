import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';

/** The error shape every failing request gets (see toErrorResponse). */
export class ErrorResponseBody {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ example: 'the request is invalid' })
  message!: string;

  @ApiProperty({
    required: false,
    description: 'e.g. { fields: [{ field, problems }] } or { code, downstream }',
    type: Object,
    additionalProperties: true,
  })
  details?: Record<string, unknown>;
}

/** Documents the error statuses a route can answer, all with ErrorResponseBody. */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: STATUS_CODES[status], type: ErrorResponseBody }),
    ),
  );
}
