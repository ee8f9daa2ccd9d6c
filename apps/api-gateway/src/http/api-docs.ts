import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { BEARER_SCHEME } from '../auth/route-access.decorators';

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
    // The default, as the global authentication guard's: @OpenRoute routes say otherwise.
    .addSecurityRequirements(BEARER_SCHEME)
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** OpenAPI UI at /docs, the document at /docs-json. */
export function setUpApiDocs(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => apiDocument(app));
}
