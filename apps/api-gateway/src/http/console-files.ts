import { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import { ServerResponse } from 'node:http';
import { join } from 'node:path';
import helmet from 'helmet';

export const CONSOLE_PATH = '/console';

/**
 * Where `npm run build` puts the console (apps/api-gateway/console, built by Vite): beside the
 * bundles, dist/console, which the image copies with the rest of dist/. The bundle runs from
 * dist/apps/api-gateway.
 */
export const consoleDirectory = (bundleDirectory: string = __dirname) =>
  join(bundleDirectory, '..', '..', 'console');

/**
 * Only the page's own files may run or be fetched: no inline script or style, no other origin,
 * no framing. The page calls the admin routes on this same origin with the admin's token.
 */
export const CONSOLE_CSP = {
  useDefaults: false,
  directives: {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  },
};

/**
 * Serves the admin console's static files at /console. They hold no data: every call the page
 * makes carries the admin token the operator pastes, and the admin routes check it. Without a
 * build (e.g. an app started from sources) /console answers 404 saying so.
 */
export function serveConsole(app: NestExpressApplication, directory = consoleDirectory()): void {
  app.use(CONSOLE_PATH, helmet.contentSecurityPolicy(CONSOLE_CSP));
  if (existsSync(join(directory, 'index.html'))) {
    app.useStaticAssets(directory, { prefix: CONSOLE_PATH, index: 'index.html' });
    return;
  }
  app.use(CONSOLE_PATH, (_request: unknown, response: ServerResponse) => {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('The console is not built: run npm run build\n');
  });
}
