import { ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { z } from 'zod/v4';
import { OPENAPI_SCHEMA_OPTIONS, withoutDialect } from './openapi-schema';

const COMPONENTS = '#/components/schemas/';

/** The request and response schemas the OpenAPI document names, each once, by that name. */
const named = z.registry<{ id: string }>();

/**
 * Names a request or response schema in the OpenAPI document (components.schemas[id]) and returns
 * it unchanged: the same schema validates the requests (ZodValidationPipe) and is documented.
 */
export function apiSchema<S extends z.ZodType>(id: string, schema: S): S {
  const existing = named.get(schema)?.id;
  if (existing !== undefined) throw new Error(`schema ${id} is already named ${existing}`);
  named.add(schema, { id });
  return schema;
}

/** A reference to a named schema, for @ApiBody and @ApiResponse. */
export function apiSchemaRef(schema: z.ZodType): ReferenceObject {
  const id = named.get(schema)?.id;
  if (id === undefined)
    throw new Error('the schema has no name in the OpenAPI document: apiSchema');
  return { $ref: `${COMPONENTS}${id}` };
}

/** Every named schema for components.schemas; a named schema inside another is referenced. */
export function apiComponentSchemas(): Record<string, SchemaObject> {
  const { schemas } = z.toJSONSchema(named, {
    ...OPENAPI_SCHEMA_OPTIONS,
    uri: (id) => `${COMPONENTS}${id}`,
  });
  // Shared definitions would come from a cycle or from reused: 'ref'; none is used or expected.
  if ('__shared' in schemas) throw new Error('a named schema refers to itself; name the cycle');
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => [id, withoutDialect(schema)]),
  );
}
