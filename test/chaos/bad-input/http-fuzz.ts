import fc from 'fast-check';
import { authHeaders } from '../../support/gateway-tokens';

/**
 * One request the fuzzer sends: everything needed to replay it with curl, but for the admin token
 * every request also carries (see withAdminToken).
 */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Text, or raw bytes (shown as base64 in failures). */
  body?: string | Uint8Array;
}

export interface FuzzFailure {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** The 5xx status, or 0 when no answer came within the request timeout. */
  status: number;
  responseBody: string;
}

export interface FuzzResult {
  cases: number;
  statusCounts: Record<number, number>;
  failures: FuzzFailure[];
  /** POST /orders answered 202: orders really placed by fuzzed bodies, with when. */
  accepted: Array<{ orderId: string; at: number }>;
}

const REQUEST_TIMEOUT_MS = 10_000;
const BODY_ROUTES = ['/orders', '/inventory/products', '/payments/accounts'] as const;
const PARAM_ROUTES = [
  '/orders/',
  '/inventory/products/',
  '/payments/accounts/',
  '/payments/orders/',
] as const;

/** Values that look like numbers, ids or nothing to a careless parser. */
const nastyScalar = fc.oneof(
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '-0',
    '1e999',
    '0x10',
    '',
    ' ',
    'null',
    'undefined',
    'true',
    '__proto__',
    'constructor',
    '\u0000',
    '\ud800',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
    '../../etc/passwd',
    "'; DROP TABLE orders; --",
  ),
  fc.constantFrom(
    0,
    -1,
    -0.0001,
    0.001,
    1e-7, // no '.' in its text: a whole-cents check that counts decimals in the text misses it
    -5e-323,
    1.005,
    1e21,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    2 ** 31,
    2 ** 53,
  ),
  fc.double({ noNaN: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ minLength: 65, maxLength: 3_000 }),
);

const fieldValue = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: 3, arbitrary: nastyScalar },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.array(nastyScalar, { maxLength: 5 }) },
  );

/** An object with each field valid, wrong or missing, sometimes with extra keys. */
function nearValid(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const record = fc.record(
    Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, fieldValue(v)])),
    { requiredKeys: [] },
  );
  return fc.oneof(
    { weight: 4, arbitrary: record },
    {
      weight: 1,
      arbitrary: fc
        .tuple(record, fc.dictionary(fc.string({ maxLength: 10 }), nastyScalar, { maxKeys: 3 }))
        .map(([r, extra]) => ({ ...extra, ...(r as object) })),
    },
  );
}

const validId = fc.stringMatching(/^[A-Za-z0-9-]{1,64}$/);
const validAmount = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 100);
const item = nearValid({
  sku: validId,
  quantity: fc.integer({ min: 1, max: 1_000 }),
  unitPrice: validAmount,
});
/** A fully valid order (unknown skus: the saga cancels it), so the accepted path is fuzzed too. */
const validOrder = fc.record({
  customerId: validId,
  items: fc.array(
    fc.record({
      sku: validId,
      quantity: fc.integer({ min: 1, max: 1_000 }),
      unitPrice: validAmount,
    }),
    { minLength: 1, maxLength: 100 },
  ),
});
const bodyShapes: Record<(typeof BODY_ROUTES)[number], fc.Arbitrary<unknown>> = {
  '/orders': fc.oneof(
    { weight: 1, arbitrary: validOrder },
    {
      weight: 4,
      arbitrary: nearValid({
        customerId: validId,
        items: fc.oneof(fc.array(item, { minLength: 0, maxLength: 5 }), nastyScalar),
      }),
    },
  ),
  '/inventory/products': nearValid({ sku: validId, available: fc.integer({ min: 0, max: 1e6 }) }),
  '/payments/accounts': nearValid({ customerId: validId, balance: validAmount }),
};

/** A prototype key spliced into the JSON text (an object literal could not carry it). */
const withForbiddenKey = (json: string, key: string, nested: boolean): string => {
  const inject = `"${key}":{"polluted":true}`;
  if (!json.startsWith('{')) return `{${inject},"v":${json}}`;
  if (json === '{}') return `{${inject}}`;
  return nested ? `{"wrap":{${inject}},${json.slice(1)}` : `{${inject},${json.slice(1)}`;
};

const deepNesting = fc
  .tuple(fc.integer({ min: 100, max: 40_000 }), fc.constantFrom('[', '{"a":'))
  .map(([depth, open]) => {
    const close = open === '[' ? ']' : '}';
    return `${open.repeat(depth)}1${close.repeat(depth)}`;
  });

const jsonHeaders = { 'content-type': 'application/json' };

/** Body text for a route: arbitrary JSON, near-valid, prototype keys, deep, long, unicode. */
function jsonBodyFor(route: (typeof BODY_ROUTES)[number]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 6, arbitrary: bodyShapes[route].map((v) => JSON.stringify(v)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          bodyShapes[route],
          fc.constantFrom('__proto__', 'constructor', 'prototype'),
          fc.boolean(),
        )
        .map(([v, key, nested]) => withForbiddenKey(JSON.stringify(v), key, nested)),
    },
    { weight: 1, arbitrary: deepNesting },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 90_000, max: 200_000 })
        .map((n) => JSON.stringify({ customerId: 'c'.repeat(n), sku: 's', balance: 1 })),
    },
    {
      weight: 1,
      arbitrary: fc
        .string({ unit: 'grapheme', minLength: 1, maxLength: 500 })
        .map((s) => JSON.stringify({ customerId: s, sku: s, items: [{ sku: s }] })),
    },
  );
}

/** Header values a client can send (latin-1 without CR, LF and NUL), some absurdly long. */
const headerValue = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc
    .array(fc.integer({ min: 0x20, max: 0xff }), { maxLength: 200 })
    // DEL (0x7f) is the one character of that range the client itself refuses to send.
    .map((codes) => String.fromCharCode(...codes.map((c) => (c === 0x7f ? 0x7e : c)))),
  fc.integer({ min: 129, max: 20_000 }).map((n) => 'k'.repeat(n)),
);

const idempotencyKey = fc.option(headerValue, { nil: undefined });

const contentType = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=made-up',
  'application/octet-stream',
  'application/*',
  '*/*',
  ';;;',
  'application/json, text/plain',
);

function bodyRequest(): fc.Arbitrary<FuzzRequest> {
  const route = fc.constantFrom(...BODY_ROUTES);
  const withKey = (headers: Record<string, string>, key: string | undefined) =>
    key === undefined ? headers : { ...headers, 'idempotency-key': key };
  return fc.oneof(
    // JSON-ish text declared as JSON.
    {
      weight: 8,
      arbitrary: route.chain((path) =>
        fc.tuple(jsonBodyFor(path), idempotencyKey).map(([body, key]) => ({
          method: 'POST',
          path,
          headers: withKey(jsonHeaders, key),
          body,
        })),
      ),
    },
    // Raw bytes declared as JSON.
    {
      weight: 2,
      arbitrary: fc
        .tuple(route, fc.uint8Array({ maxLength: 4_000 }), idempotencyKey)
        .map(([path, body, key]) => ({
          method: 'POST',
          path,
          headers: withKey(jsonHeaders, key),
          body,
        })),
    },
    // Plausible bodies with the wrong or a broken content type / encoding.
    {
      weight: 2,
      arbitrary: route.chain((path) =>
        fc
          .tuple(
            jsonBodyFor(path),
            contentType,
            fc.constantFrom(undefined, 'gzip', 'deflate', 'br', 'x-made-up'),
          )
          .map(([body, type, encoding]) => ({
            method: 'POST',
            path,
            headers: {
              'content-type': type,
              ...(encoding ? { 'content-encoding': encoding } : {}),
            },
            body,
          })),
      ),
    },
    // No body at all, or the wrong method on a body route.
    {
      weight: 1,
      arbitrary: fc
        .tuple(route, fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE'), idempotencyKey)
        .map(([path, method, key]) => ({ method, path, headers: withKey({}, key) })),
    },
  );
}

const pathParam = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 100 }).map(encodeURIComponent),
  // 'binary-ascii': encodeURIComponent throws on the lone surrogates 'binary' may produce.
  fc.string({ unit: 'binary-ascii', maxLength: 100 }).map(encodeURIComponent),
  fc.integer({ min: 65, max: 8_000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom(
    '%',
    '%zz',
    '%00',
    '%E0%A4%A',
    '%ED%A0%80',
    '..',
    '..%2F..%2Fetc%2Fpasswd',
    '__proto__',
    'constructor',
    '%20',
    '%0A',
    'a;b=c',
    'a?b=c',
    '😀',
  ),
  fc.uuid(),
);

function paramRequest(): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(
      fc.constantFrom(...PARAM_ROUTES),
      pathParam,
      fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST', 'DELETE'),
      fc.option(fc.tuple(fc.constantFrom('accept', 'x-request-id', 'if-none-match'), headerValue)),
    )
    .map(([prefix, param, method, header]) => ({
      method,
      path: `${prefix}${param}`,
      headers: header ? { [header[0]]: header[1] } : {},
    }));
}

export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { weight: 7, arbitrary: bodyRequest() },
  { weight: 3, arbitrary: paramRequest() },
);

/**
 * An admin's token on every fuzzed request: without one the guard answers 401 before the pipes
 * validate the body or the path, and the fuzz would exercise little but authentication. An admin
 * may use every route, so validation decides. To replay a failure, add
 * `authorization: Bearer $(npm run -s token -- --role admin)`.
 */
const withAdminToken = (headers: Record<string, string>) => ({ ...authHeaders(), ...headers });

async function sendOnce(
  gatewayUrl: string,
  request: FuzzRequest,
): Promise<{ status: number; text: string }> {
  try {
    const response = await fetch(`${gatewayUrl}${request.path}`, {
      method: request.method,
      headers: withAdminToken(request.headers),
      body: request.body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    const cause = (error as { cause?: { message?: string; code?: string } }).cause;
    // A request the client library itself refuses to send is not one the gateway saw.
    if (error instanceof TypeError && (!cause || cause.code === 'UND_ERR_INVALID_ARG')) {
      return { status: -1, text: error.message };
    }
    return { status: 0, text: `no answer: ${(error as Error).message} ${cause?.message ?? ''}` };
  }
}

const printable = (body: FuzzRequest['body']): string | undefined =>
  body === undefined
    ? undefined
    : typeof body === 'string'
      ? `${body.slice(0, 300)} (${body.length} chars)`
      : `base64:${Buffer.from(body).toString('base64').slice(0, 300)} (${body.length} bytes)`;

/**
 * Sends `numRuns` generated requests to the gateway, one at a time, and records every status.
 * The property never fails, so every run is made and every 5xx (or unanswered request) kept:
 * the same seed and numRuns generate the same requests again, and each failure holds its request.
 */
export async function fuzzGateway(
  gatewayUrl: string,
  { seed, numRuns }: { seed: number; numRuns: number },
): Promise<FuzzResult> {
  const result: FuzzResult = { cases: 0, statusCounts: {}, failures: [], accepted: [] };
  const details = await fc.check(
    fc.asyncProperty(fuzzRequest, async (request) => {
      const { status, text } = await sendOnce(gatewayUrl, request);
      if (status === -1) return true; // refused by fetch before sending: not a case
      result.cases++;
      result.statusCounts[status] = (result.statusCounts[status] ?? 0) + 1;
      if (request.method === 'POST' && request.path === '/orders' && status === 202) {
        result.accepted.push({
          orderId: (JSON.parse(text) as { orderId: string }).orderId,
          at: Date.now(),
        });
      }
      if (status >= 500 || status === 0) {
        result.failures.push({
          method: request.method,
          path: request.path.slice(0, 300),
          headers: Object.fromEntries(
            Object.entries(request.headers).map(([k, v]) => [k, v.slice(0, 200)]),
          ),
          body: printable(request.body),
          status,
          responseBody: text.slice(0, 1_000),
        });
      }
      return true;
    }),
    { seed, numRuns, endOnFailure: true },
  );
  if (details.failed) {
    throw new Error(`the fuzz property itself threw: ${String(details.errorInstance)}`);
  }
  return result;
}
