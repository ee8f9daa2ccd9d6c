import { SpanKind } from '@opentelemetry/api';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { POSTGRES_ADMIN_URL } from '../../../../test/support/database';
import { OtlpReceiver, SPAN_KIND } from '../../../../test/support/otlp-receiver';

jest.setTimeout(60_000);

const run = promisify(execFile);

/** A parameter value the spans must not carry (user data). */
const SECRET = 'alice@example.com';

/** One span as the child process reports it. */
interface SpanSeen {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  scope: string;
  attributes: Record<string, unknown>;
}

interface ChildResult {
  memory: SpanSeen[];
  afterStop: string[];
  patchedAfterStop: boolean;
  patchedByStartAlone: boolean;
  patchedByStart: boolean;
  patchedAfterShutdown: boolean;
}

/**
 * Runs in a child process of its own, in plain Node: the pg instrumentation patches `pg` from a
 * hook on Node's require, which Jest's module sandbox bypasses (a pg required in a spec is never
 * patched). The order is main.ts's: tracing first, then TypeORM, which requires `pg` when the
 * DataSource is built. Phase 1 uses the shared registration with an in-memory exporter; phase 2
 * startTracing itself, exporting to the stand-in collector.
 */
const CHILD = `
const { trace } = require('@opentelemetry/api');
const { installInMemoryTracing } = require(${JSON.stringify(join(__dirname, 'in-memory-tracing.ts'))});
const { instrumentDatabaseClients } = require(${JSON.stringify(join(__dirname, 'database-instrumentation.ts'))});
const { startTracing, traceDatabaseClients, shutdownTracing } = require(${JSON.stringify(join(__dirname, 'start-tracing.ts'))});

const inSpan = (name, work) =>
  trace.getTracer('spec').startActiveSpan(name, async (span) => {
    try { return await work(); } finally { span.end(); }
  });
const seen = (span) => ({
  name: span.name,
  kind: span.kind,
  traceId: span.spanContext().traceId,
  spanId: span.spanContext().spanId,
  parentSpanId: span.parentSpanContext?.spanId,
  scope: span.instrumentationScope.name,
  attributes: span.attributes,
});
// The pg module TypeORM loaded: is its Client's query wrapped by the instrumentation?
const patched = (db) => db.driver.postgres.Client.prototype.query.__wrapped === true;

// Given as arguments, not variables: nothing here is configuration an app reads.
const [databaseUrl, otlpEndpoint, otlpProtocol] = process.argv.slice(1);

(async () => {
  const result = {};
  const memory = installInMemoryTracing('database-spans');
  const stop = instrumentDatabaseClients(trace.getTracerProvider());
  const { DataSource } = require('typeorm');
  const db = new DataSource({ type: 'postgres', url: databaseUrl, extra: { max: 2 } });
  await db.initialize(); // TypeORM's own startup queries: no parent span, so no spans
  await inSpan('place order', () => db.query('SELECT $1::text AS email', [${JSON.stringify(SECRET)}]));
  await db.query('SELECT $1::text AS email', [${JSON.stringify(SECRET)}]); // no parent
  result.memory = memory.spans().map(seen);
  stop();
  result.patchedAfterStop = patched(db);
  memory.reset();
  await inSpan('after stop', () => db.query('SELECT 1'));
  result.afterStop = memory.spans().map((span) => span.name);
  await memory.uninstall();

  startTracing('database-spans', {
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: otlpProtocol,
  });
  result.patchedByStartAlone = patched(db); // an app on SQLite never asks for database spans
  traceDatabaseClients();
  stop(); // stale: must not undo traceDatabaseClients' registration
  result.patchedByStart = patched(db);
  await inSpan('pay order', () => db.query('SELECT $1::int AS amount', [4200]));
  await db.query('SELECT 2'); // no parent
  await shutdownTracing();
  result.patchedAfterShutdown = patched(db);
  await db.destroy();
  process.stdout.write(JSON.stringify(result));
})().catch((error) => {
  process.stderr.write(String(error && error.stack));
  process.exit(1);
});
`;

const PG_SCOPE = '@opentelemetry/instrumentation-pg';
const database = decodeURIComponent(new URL(POSTGRES_ADMIN_URL).pathname.slice(1));

describe('database spans (postgres, through TypeORM)', () => {
  let receiver: OtlpReceiver;
  let result: ChildResult;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    const { stdout } = await run(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-e',
        CHILD,
        POSTGRES_ADMIN_URL,
        receiver.endpoint,
        receiver.protocol,
      ],
      {
        cwd: join(__dirname, '..', '..', '..', '..'),
      },
    );
    result = JSON.parse(stdout) as ChildResult;
  });
  afterAll(() => receiver?.close());

  it('spans a query under a parent as its CLIENT child, without parameter values', () => {
    const parent = result.memory.find((span) => span.name === 'place order');
    const queries = result.memory.filter((span) => span.scope === PG_SCOPE);
    // One: neither TypeORM's startup queries nor the query outside any span have a parent.
    expect(queries).toHaveLength(1);
    const [query] = queries;
    expect(query).toMatchObject({
      name: `pg.query:SELECT ${database}`,
      kind: SpanKind.CLIENT,
      traceId: parent?.traceId,
      parentSpanId: parent?.spanId,
    });
    expect(query.attributes).toMatchObject({
      'db.system.name': 'postgresql',
      'db.namespace': database,
      'db.query.text': 'SELECT $1::text AS email',
    });
    expect(JSON.stringify(query.attributes)).not.toContain(SECRET);
  });

  it('spans nothing once stopped, and unpatches pg', () => {
    expect(result.patchedAfterStop).toBe(false);
    expect(result.afterStop).toEqual(['after stop']);
  });

  it('is registered by traceDatabaseClients, not by startTracing alone, and undone by shutdownTracing', () => {
    expect(result.patchedByStartAlone).toBe(false);
    expect(result.patchedByStart).toBe(true);
    expect(result.patchedAfterShutdown).toBe(false);
    const parent = receiver.spans.find((span) => span.name === 'pay order');
    const queries = receiver.spans.filter((span) => span.name.startsWith('pg.'));
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatchObject({
      service: 'database-spans',
      kind: SPAN_KIND.CLIENT,
      parentSpanId: parent?.spanId,
      attributes: { 'db.query.text': 'SELECT $1::int AS amount' },
    });
    expect(JSON.stringify(queries[0].attributes)).not.toContain('4200');
  });
});
