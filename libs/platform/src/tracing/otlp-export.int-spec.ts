import { execFile } from 'node:child_process';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

jest.setTimeout(30_000);

const run = promisify(execFile);

/** A stand-in OTLP/HTTP collector: records what is POSTed to it. */
interface Received {
  path: string;
  contentType: string | undefined;
  body: string;
}

/** The parts of an OTLP/JSON trace export this spec reads. */
interface OtlpJson {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: unknown }> };
    scopeSpans: Array<{ spans: Array<{ name: string }> }>;
  }>;
}

let server: Server;
let endpoint: string;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        contentType: request.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/**
 * What an app's main.ts does, in a child process of its own: the OTLP exporter loads `http` with
 * a dynamic import(), which Jest's module sandbox refuses ("A dynamic import callback was invoked
 * without --experimental-vm-modules", open-telemetry/opentelemetry-js#6035), so the export itself
 * cannot run inside a spec. Plain Node runs it as production does.
 */
const MAIN = `
const { trace } = require('@opentelemetry/api');
const { startTracing, shutdownTracing } = require(${JSON.stringify(join(__dirname, 'start-tracing.ts'))});
const status = startTracing('order-service');
trace.getTracer('spec').startSpan('exported work').end();
shutdownTracing().then(() => process.stdout.write(JSON.stringify(status)));
`;

/** Runs MAIN in a child process with `env` added; what startTracing returned. */
async function exportOnce(env: Record<string, string>): Promise<unknown> {
  received.length = 0;
  const { stdout } = await run(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-e', MAIN],
    {
      cwd: join(__dirname, '..', '..', '..', '..'),
      env: {
        ...process.env,
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_SERVICE_NAME: 'orders-under-test',
        ...env,
      },
    },
  );
  return JSON.parse(stdout);
}

it('exports the spans still batched as OTLP/protobuf, by default, when tracing shuts down', async () => {
  expect(await exportOnce({})).toEqual({
    exporting: true,
    serviceName: 'orders-under-test',
    endpoint: `${endpoint}/v1/traces`,
    protocol: 'http/protobuf',
  });
  expect(received).toHaveLength(1);
  expect(received[0].path).toBe('/v1/traces');
  expect(received[0].contentType).toBe('application/x-protobuf');
  // Protobuf writes strings as they are (length-prefixed UTF-8): the resource's service name and
  // the span's name are in the bytes, and no JSON is.
  expect(received[0].body).toContain('orders-under-test');
  expect(received[0].body).toContain('exported work');
  expect(() => JSON.parse(received[0].body) as unknown).toThrow();
});

it('exports OTLP/JSON when OTEL_EXPORTER_OTLP_PROTOCOL says http/json', async () => {
  const status = await exportOnce({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
  expect(status).toMatchObject({ exporting: true, protocol: 'http/json' });
  expect(received).toHaveLength(1);
  expect(received[0].contentType).toBe('application/json');
  const [resourceSpans] = (JSON.parse(received[0].body) as OtlpJson).resourceSpans;
  expect(resourceSpans.resource.attributes).toContainEqual({
    key: 'service.name',
    value: { stringValue: 'orders-under-test' },
  });
  expect(resourceSpans.scopeSpans.flatMap((scope) => scope.spans.map((span) => span.name))).toEqual(
    ['exported work'],
  );
});
