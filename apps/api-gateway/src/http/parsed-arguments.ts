import { Body, Param } from '@nestjs/common';
import { ApiBody, ApiParam } from '@nestjs/swagger';
import { z } from 'zod/v4';
import { apiSchemaRef } from './api-schemas';
import { openApiSchemaOf } from './openapi-schema';
import { ZodValidationPipe } from './zod-validation.pipe';

/**
 * The request body, parsed by `schema` (a schema named with apiSchema) and documented as it: one
 * decorator, so what the gateway checks and what its OpenAPI document shows cannot differ.
 */
export function ParsedBody(schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodValidationPipe(schema))(target, key, index);
    onMethod(target, key, ApiBody({ required: true, schema: apiSchemaRef(schema) }));
  };
}

/** The route's path parameters, parsed by `schema`; each is documented with its field's schema. */
export function ParsedParams(schema: z.ZodObject): ParameterDecorator {
  return (target, key, index) => {
    Param(new ZodValidationPipe(schema))(target, key, index);
    for (const [name, field] of Object.entries(schema.shape)) {
      onMethod(target, key, ApiParam({ name, required: true, schema: openApiSchemaOf(field) }));
    }
  };
}

/** Swagger keeps a route's body and parameters on its method: applied from the parameter. */
function onMethod(target: object, key: string | symbol | undefined, decorator: MethodDecorator) {
  const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
  if (key === undefined || descriptor === undefined) {
    throw new Error('ParsedBody and ParsedParams decorate a route handler parameter');
  }
  decorator(target, key, descriptor);
}
