import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI generated from the DTOs: the UI at /docs, the document at /docs-json. */
export function setUpApiDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Railyard API gateway')
    .setDescription(
      'Orders, inventory and payments over HTTP. Amounts are in major units (10.5). Errors: ' +
        '{ statusCode, error, message, details? }.',
    )
    .setVersion('1')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config));
}
