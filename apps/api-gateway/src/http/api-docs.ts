import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SchemaObject, SwaggerModule } from '@nestjs/swagger';
import { BEARER_SCHEME } from '../auth/route-access.decorators';
import { apiComponentSchemas } from './api-schemas';

/**
 * The gateway's OpenAPI document: its routes from the controllers, their request and response
 * schemas from the zod schemas that validate them (apiSchema), themselves derived from the
 * contracts. `npm run lint` lints it with Redocly's recommended rules (api-document.cli.ts writes
 * it without serving anything).
 */
export function apiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Railyard API gateway')
    .setDescription(
      'Orders, inventory and payments over HTTP. Amounts are in major units (10.5). Errors: ' +
        '{ statusCode, error, message, details? }. Every route but /health needs a bearer token ' +
        '(`npm run -s token -- --sub <customerId>` or `-- --role admin` prints one).',
    )
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/license/mit')
    .addServer('/', 'the gateway that serves this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    // The default, as the global authentication guard's: @OpenRoute routes say otherwise.
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  return withSchemas(document, apiComponentSchemas());
}

/** The named zod schemas beside the ones Swagger made from classes (the error body); never over one. */
function withSchemas(
  document: OpenAPIObject,
  schemas: Record<string, SchemaObject>,
): OpenAPIObject {
  const existing = document.components?.schemas ?? {};
  const clash = Object.keys(schemas).find((name) => name in existing);
  if (clash !== undefined)
    throw new Error(`two schemas are named ${clash} in the OpenAPI document`);
  return {
    ...document,
    components: { ...document.components, schemas: { ...existing, ...schemas } },
  };
}

/** OpenAPI UI at /docs, the document at /docs-json. */
export function setUpApiDocs(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => apiDocument(app));
}
