import { SchemaObject } from '@nestjs/swagger';
import { z } from 'zod/v4';

type JsonSchema = z.core.JSONSchema.BaseSchema;

/**
 * The gateway's document is OpenAPI 3.0 (its health routes' schemas, from @nestjs/terminus, use
 * 3.0's `nullable`, which 3.1 dropped), whose schema objects predate the JSON Schema zod writes.
 * zod's draft-7 is the nearest (a described reference becomes `allOf: [{ $ref }]`, as 3.0 ignores
 * a $ref's siblings); its keywords 3.0 lacks are rewritten the 3.0 way here. Redocly's lint
 * (`npm run lint`) refuses any other.
 */
function asOpenApi30({ jsonSchema }: { jsonSchema: JsonSchema }): void {
  const keywords = jsonSchema as Record<string, unknown>;
  if ('const' in keywords) {
    keywords.enum = [keywords.const];
    delete keywords.const;
  }
  // 2020-12's exclusive bounds are numbers; 3.0's are flags on minimum and maximum.
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ]) {
    if (typeof keywords[exclusive] === 'number') {
      keywords[bound] = keywords[exclusive];
      keywords[exclusive] = true;
    }
  }
  // `.nullable()`: 3.0 has no null type, but a `nullable` flag on the schema that allows null.
  const { anyOf } = keywords;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const other = (anyOf as JsonSchema[]).filter((option) => option.type !== 'null');
    if (other.length === 1) {
      delete keywords.anyOf;
      // A $ref's siblings are ignored in 3.0: the reference goes in an allOf of its own.
      Object.assign(keywords, '$ref' in other[0] ? { allOf: other } : other[0], {
        nullable: true,
      });
    }
  }
}

/**
 * What the document shows is what a client sends or reads: the input side of a schema (an amount
 * in major units, before a request's parsing turns it into minor units).
 */
export const OPENAPI_SCHEMA_OPTIONS = {
  io: 'input',
  target: 'draft-7',
  override: asOpenApi30,
} as const;

/** A JSON Schema document's own keywords, which a schema object inside OpenAPI does not take. */
export function withoutDialect(schema: JsonSchema): SchemaObject {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  // zod's JSON Schema type is open-ended; once converted, it is an OpenAPI 3.0 schema object.
  return rest as SchemaObject;
}

/** One schema inline, e.g. a path parameter's. */
export function openApiSchemaOf(schema: z.ZodType): SchemaObject {
  return withoutDialect(z.toJSONSchema(schema, OPENAPI_SCHEMA_OPTIONS));
}
