import { RawBodyRequest } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { IncomingMessage } from 'node:http';
import { rejectForbiddenKeys } from './forbidden-keys.reviver';
import { assertJsonDepthWithin } from './json-depth';

/** Larger bodies are refused with 413 before they are read any further. */
export const BODY_LIMIT = '100kb';

function keepRawBody(request: RawBodyRequest<IncomingMessage>, _: unknown, body: Buffer): void {
  // The legacy proxy forwards the bytes as they came, not a re-serialisation of the parsed body.
  request.rawBody = body;
}

function checkJsonBody(request: RawBodyRequest<IncomingMessage>, response: unknown, body: Buffer) {
  keepRawBody(request, response, body);
  assertJsonDepthWithin(body);
}

/**
 * Replaces Nest's default parsers (registered first, so Nest skips its own): every body is
 * bounded, JSON is checked for depth and prototype keys, and the raw bytes are kept for the legacy proxy.
 */
export function useBodyParsers(app: NestExpressApplication): void {
  app.useBodyParser('json', {
    limit: BODY_LIMIT,
    reviver: rejectForbiddenKeys,
    verify: checkJsonBody,
  });
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: false, verify: keepRawBody });
  app.useBodyParser('raw', { limit: BODY_LIMIT, type: () => true, verify: keepRawBody });
}
