import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { BEARER_SCHEME } from '../auth/route-access.decorators';

/** OpenAPI generated from the DTOs: the UI at /docs, the document at /docs-json. */
export function setUpApiDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Railyard API gateway')
    .setDescription(
      'Orders, inventory and payments over HTTP. Amounts are in major units (10.5). Errors: ' +
        '{ statusCode, error, message, details? }. Every route but /health needs a bearer token ' +
        '(`npm run -s token -- --sub <customerId>` or `-- --role admin` prints one).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config));
}
