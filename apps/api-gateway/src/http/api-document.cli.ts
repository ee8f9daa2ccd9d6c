import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { apiDocument } from './api-docs';

/**
 * Writes the gateway's OpenAPI document to the given file (`npm run lint` then lints it with
 * Redocly). The app is created but never initialised: no bus connection, no port, no lifecycle
 * hooks; only the controllers' metadata is read.
 */
async function main(file: string): Promise<void> {
  const { ApiGatewayModule } = await import('../api-gateway.module');
  const app = await NestFactory.create(ApiGatewayModule, { logger: false, abortOnError: false });
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(apiDocument(app), null, 2)}\n`);
}

const [file] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: api-document.cli.ts <output.json>\n');
  process.exit(2);
}
main(file).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`api-document: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
