import type { TracerProvider } from '@opentelemetry/api';
import type { PgInstrumentation, PgInstrumentationConfig } from '@opentelemetry/instrumentation-pg';

/**
 * How PostgreSQL calls become spans (docs/tracing.md, "Database spans"):
 * - requireParentSpan: a query outside any traced work (the outbox relay's poll, pool upkeep,
 *   startup migrations) would otherwise start a trace of its own, one per poll;
 * - enhancedDatabaseReporting off: it would copy every parameter value (user data) into
 *   `db.postgresql.values`. db.query.text keeps the statement as written, $1 placeholders and all;
 * - ignoreConnectSpans: a `pg-pool.connect` span beside every query (TypeORM takes a pooled
 *   client per query runner) doubles the database spans; a wait for the pool still shows as the
 *   gap before the query's span.
 */
const PG_CONFIG: PgInstrumentationConfig = {
  requireParentSpan: true,
  enhancedDatabaseReporting: false,
  ignoreConnectSpans: true,
};

/**
 * One instance per process: its require hooks, set by the first enable(), stay for the process's
 * life (@opentelemetry/instrumentation removes none on disable), and a second instance would
 * re-wrap the same pg prototypes. Later enables re-patch the pg the hooks already saw.
 */
let pg: PgInstrumentation | undefined;
/** The registration now in force; a stale stop must not undo a newer one. */
let current: object | undefined;

/**
 * Spans PostgreSQL calls made through `pg` (TypeORM's postgres driver) with `provider`'s tracer,
 * from now until the returned stop is called. `pg` is patched when it is next required, which
 * TypeORM does when a DataSource is created, so call this before the app's modules build theirs.
 * Used by startTracing and, beside installInMemoryTracing, by specs. It cannot work inside Jest's
 * module sandbox, whose require bypasses Node's: the hook never fires there.
 */
export function instrumentDatabaseClients(provider: TracerProvider): () => void {
  // Required here, not imported: a process with tracing off loads no instrumentation (see
  // installTracerProvider).
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  pg ??= new PgInstrumentation({ ...PG_CONFIG, enabled: false });
  pg.setTracerProvider(provider);
  pg.enable();
  const registration = {};
  current = registration;
  const instrumentation = pg;
  return () => {
    if (current !== registration) return;
    current = undefined;
    instrumentation.disable();
  };
}
