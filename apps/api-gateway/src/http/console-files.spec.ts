import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { consoleDirectory, serveConsole } from './console-files';

@Module({})
class EmptyModule {}

async function appServing(directory: string): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(EmptyModule, { logger: false });
  serveConsole(app, directory);
  return app.init();
}

describe('serveConsole', () => {
  let app: NestExpressApplication | undefined;
  afterEach(() => app?.close());

  it('serves the built page at /console/ under a CSP that allows only its own origin', async () => {
    const built = mkdtempSync(join(tmpdir(), 'console-'));
    mkdirSync(join(built, 'assets'));
    writeFileSync(join(built, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(built, 'assets', 'app.js'), 'export {};');
    app = await appServing(built);

    const page = await request(app.getHttpServer()).get('/console/').expect(200);
    expect(page.text).toContain('<title>console</title>');
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    await request(app.getHttpServer()).get('/console/assets/app.js').expect(200);
    await request(app.getHttpServer()).get('/console').expect(301).expect('location', '/console/');
  });

  it('says the console is not built when the build is missing, instead of failing to start', async () => {
    app = await appServing(join(tmpdir(), 'no-such-console-build'));
    const answer = await request(app.getHttpServer()).get('/console/').expect(404);
    expect(answer.text).toMatch(/not built: run npm run build/);
  });

  it('looks for the build beside the bundles, in dist/console', () => {
    expect(consoleDirectory(join('/app', 'dist', 'apps', 'api-gateway'))).toBe(
      join('/app', 'dist', 'console'),
    );
  });
});
