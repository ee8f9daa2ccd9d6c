import { Logger } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { Client } from 'pg';
import {
  MESSAGING_TRANSPORT,
  MessageTooLargeError,
  MessagingModule,
  messagingOptionsFromEnv,
} from '@railyard/messaging';
import { MetricsModule, MetricsRegistry, validatedConfigModule } from '@railyard/platform';
import {
  createTestDatabase,
  DATABASE_KINDS,
  TestDatabase,
} from '../../../../test/support/database';
import { stage, waitFor } from '../../../../test/support/outbox-harness';
import { parsePrometheusText, Sample, sumOf } from '../../../../test/support/prometheus-text';
import { RecordingTransport } from '../../../../test/support/recording-transport';
import { persistenceEnvSchema } from '../persistence.config';
import { PersistenceModule } from '../persistence.module';
import { UnitOfWork } from '../unit-of-work/unit-of-work';
import { OUTBOX_BACKLOG_SAMPLE_MS } from './outbox-backlog-gauges';

jest.setTimeout(60_000);
beforeAll(() => Logger.overrideLogger(false));

const SERVICE = 'outbox-metrics';
const UNSENT = 'railyard_outbox_unsent_messages';
const OLDEST_AGE = 'railyard_outbox_oldest_unsent_age_seconds';
const RELAYED = 'railyard_outbox_relayed_messages_total';
const BATCHES = 'railyard_outbox_relay_batch_duration_seconds_count';

/**
 * The outbox in Prometheus, on a real database: the backlog as a scrape samples it, and what the
 * relay did, counted from its committed batches.
 */
describe.each(DATABASE_KINDS)('outbox metrics on %s', (kind) => {
  let db: TestDatabase;
  let moduleRef: TestingModule | undefined;

  /** The service compiled, its relay not yet running (`init()` starts it). */
  const compile = async (
    transport = new RecordingTransport(),
    env: Record<string, string> = {},
  ) => {
    moduleRef = await Test.createTestingModule({
      imports: [
        validatedConfigModule(persistenceEnvSchema(SERVICE), {
          ...db.env,
          OUTBOX_POLL_INTERVAL_MS: '20',
          ...env,
        }),
        MetricsModule.forRoot({ processMetrics: false, enabled: true }),
        PersistenceModule.forRoot({ service: SERVICE, entities: [], migrations: [] }),
        MessagingModule.forRoot({ options: messagingOptionsFromEnv(SERVICE, {}) }),
      ],
    })
      .overrideProvider(MESSAGING_TRANSPORT)
      .useValue(transport)
      .compile();
    return moduleRef;
  };

  beforeEach(async () => {
    db = await createTestDatabase(kind, SERVICE);
  });
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    await db.drop();
  });

  const scrape = async (m: TestingModule): Promise<Sample[]> =>
    parsePrometheusText(await m.get(MetricsRegistry).metrics());
  const dataSource = (m: TestingModule) => m.get(UnitOfWork).dataSource;
  /** Makes the oldest unsent row `seconds` older than it is. */
  const backdateOldest = (m: TestingModule, seconds: number) =>
    dataSource(m).query(
      `UPDATE outbox_message SET created_at = '${new Date(Date.now() - seconds * 1000).toISOString()}' ` +
        'WHERE sequence = (SELECT MIN(sequence) FROM outbox_message WHERE sent_at IS NULL)',
    );

  it(`[${kind}] samples the unsent rows and the oldest one's age at scrape time, back to 0 once relayed`, async () => {
    const m = await compile();
    await stage(m, 'order-1', 2);
    await stage(m, 'order-2', 1);
    await backdateOldest(m, 90);

    let samples = await scrape(m);
    expect(sumOf(samples, UNSENT, { state: 'pending' })).toBe(3);
    expect(sumOf(samples, UNSENT, { state: 'parked' })).toBe(0);
    const age = sumOf(samples, OLDEST_AGE, { state: 'pending' });
    expect(age).toBeGreaterThanOrEqual(90);
    expect(age).toBeLessThan(120);
    expect(sumOf(samples, OLDEST_AGE, { state: 'parked' })).toBe(0);

    await m.init(); // the relay starts
    await waitFor(
      async () => sumOf(await scrape(m), UNSENT, { state: 'pending' }) === 0,
      'the backlog to drain',
    );
    samples = await scrape(m);
    expect(sumOf(samples, OLDEST_AGE, { state: 'pending' })).toBe(0);
    expect(sumOf(samples, RELAYED, { outcome: 'sent' })).toBe(3);
    expect(sumOf(samples, BATCHES, { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sumOf(samples, BATCHES, { outcome: 'error' })).toBe(0);
  });

  it(`[${kind}] shows parked rows apart, and counts the relay's rows sent, retried and parked`, async () => {
    const transport = new RecordingTransport();
    let transientFailures = 2;
    transport.refuse = (envelope) => {
      if (envelope.aggregateId === 'poison' && (envelope.payload as { i: number }).i === 0) {
        return new MessageTooLargeError(2_000_000, 1_048_576);
      }
      if (envelope.aggregateId === 'flaky' && transientFailures > 0) {
        transientFailures--;
        return new Error('broker nacked');
      }
      return undefined;
    };
    const m = await compile(transport, { OUTBOX_RETRY_BASE_MS: '20', OUTBOX_RETRY_MAX_MS: '40' });
    await stage(m, 'poison', 2);
    await stage(m, 'flaky', 1);
    await stage(m, 'healthy', 3);
    await m.init();

    // Counted once the marks committed: wait on the metric itself, not on what was published.
    await waitFor(
      async () => sumOf(await scrape(m), RELAYED, { outcome: 'sent' }) === 4,
      'the healthy and flaky rows to be sent',
    );
    const samples = await scrape(m);
    expect(sumOf(samples, RELAYED, { outcome: 'retried' })).toBe(2);
    expect(sumOf(samples, RELAYED, { outcome: 'parked' })).toBe(1);
    // The poison is parked; its successor waits behind it, pending.
    expect(sumOf(samples, UNSENT, { state: 'parked' })).toBe(1);
    expect(sumOf(samples, UNSENT, { state: 'pending' })).toBe(1);
    expect(sumOf(samples, OLDEST_AGE, { state: 'parked' })).toBeGreaterThan(0);
  });

  it(`[${kind}] keeps the last values, and still answers the scrape, when the database is down`, async () => {
    const m = await compile();
    await stage(m, 'order-1', 2);
    expect(sumOf(await scrape(m), UNSENT, { state: 'pending' })).toBe(2);

    await dataSource(m).destroy();
    const samples = await scrape(m);
    expect(sumOf(samples, UNSENT, { state: 'pending' })).toBe(2);
  });

  if (kind === 'postgres') {
    it(`[${kind}] does not hold a scrape past its bound while the table is locked`, async () => {
      const m = await compile();
      await stage(m, 'order-1', 2);
      expect(sumOf(await scrape(m), UNSENT, { state: 'pending' })).toBe(2);

      // Another session holds the table (a migration, say) with a third row not yet committed.
      const blocker = new Client({ connectionString: db.env.OUTBOX_METRICS_DATABASE_URL });
      await blocker.connect();
      try {
        await blocker.query('BEGIN');
        await blocker.query('LOCK TABLE outbox_message IN ACCESS EXCLUSIVE MODE');
        await blocker.query(
          "INSERT INTO outbox_message (message_id, type, aggregate_id, envelope, created_at, attempts) VALUES ('m-3', 'agg.step', 'order-1', '{}', $1, 0)",
          [new Date().toISOString()],
        );
        const started = Date.now();
        const samples = await scrape(m);
        const took = Date.now() - started;
        expect(took).toBeGreaterThanOrEqual(OUTBOX_BACKLOG_SAMPLE_MS - 50);
        expect(took).toBeLessThan(OUTBOX_BACKLOG_SAMPLE_MS + 1_500);
        expect(sumOf(samples, UNSENT, { state: 'pending' })).toBe(2);
        await blocker.query('COMMIT');
      } finally {
        await blocker.end();
      }
      await waitFor(
        async () => sumOf(await scrape(m), UNSENT, { state: 'pending' }) === 3,
        'a sample after the lock',
      );
    });
  }
});
