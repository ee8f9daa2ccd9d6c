import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { BEARER_SCHEME } from '../auth/route-access.decorators';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * The gateway's OpenAPI document, generated from the controllers and DTOs. `npm run lint` lints it
 * with Redocly's recommended rules (api-document.cli.ts writes it without serving anything).
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
    .build();
  return declareOpenRoutes(SwaggerModule.createDocument(app, config));
}

/** OpenAPI UI at /docs, the document at /docs-json. */
export function setUpApiDocs(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => apiDocument(app));
}

/**
 * An operation without the bearer scheme is an open route (@OpenRoute: the health probes). Say so
 * instead of leaving security undefined: no credentials needed (`{}`), a bearer token accepted
 * (an admin's shows the health details).
 */
function declareOpenRoutes(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method];
      if (operation && !operation.security) operation.security = [{}, { [BEARER_SCHEME]: [] }];
    }
  }
  return document;
}
