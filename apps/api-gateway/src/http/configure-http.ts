import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { setUpApiDocs } from './api-docs';
import { useBodyParsers } from './body-parsers';
import { serveConsole } from './console-files';
import { GatewayExceptionFilter } from './gateway-exception.filter';

/**
 * The HTTP edge, in the order requests meet it: headers, body parsing, errors. Validation is each
 * route's own (ParsedBody, ParsedParams): its schema both checks the request and documents it.
 */
export function configureHttp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  // Helmet's defaults, except upgrade-insecure-requests: behind a TLS-terminating proxy or on a
  // plain-HTTP port inside the cluster it would send browsers for /docs' assets over https.
  express.use(
    helmet({ contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } } }),
  );
  serveConsole(express);
  useBodyParsers(express);
  express.useGlobalFilters(new GatewayExceptionFilter());
  setUpApiDocs(express);
}
