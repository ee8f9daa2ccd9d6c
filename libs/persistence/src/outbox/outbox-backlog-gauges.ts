import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricsRegistry } from '@railyard/platform';
import { OutboxBacklog, OutboxBacklogState, readOutboxBacklog } from './outbox-backlog';

/**
 * How long a scrape waits for the backlog. Prometheus gives a whole scrape 10 s by default; a
 * database too slow to count its unsent rows in a second must not make every other metric late.
 */
export const OUTBOX_BACKLOG_SAMPLE_MS = 1_000;

/**
 * The outbox's backlog, read when Prometheus scrapes (the gauges' collect), not on a timer: no
 * query runs while nobody looks. One query serves both gauges of a scrape.
 *
 * A sample that fails (the database is down) or is late leaves the previous values; the database
 * health check reports the outage. A late query is not started again while it runs: a slow
 * database gets one count at a time, not one more per scrape. One per app, as PersistenceModule
 * is: a gauge is defined once by name, with its first definer's collect.
 */
@Injectable()
export class OutboxBacklogGauges {
  private readonly logger = new Logger(OutboxBacklogGauges.name);
  private readonly unsent?: Gauge<'state'>;
  private readonly oldestAge?: Gauge<'state'>;
  private running?: Promise<OutboxBacklog>;
  private failing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    // An app without MetricsModule runs no query at all.
    @Optional() metrics?: MetricsRegistry,
  ) {
    if (!metrics) return;
    this.unsent = metrics.gauge({
      name: 'railyard_outbox_unsent_messages',
      help:
        'Outbox rows not yet published, at scrape time: pending (the relay publishes them, at ' +
        'once or after a backoff) or parked (refused; waiting for an operator)',
      labelNames: ['state'],
      collect: () => this.sample(),
    });
    this.oldestAge = metrics.gauge({
      name: 'railyard_outbox_oldest_unsent_age_seconds',
      help:
        'Age of the oldest unsent outbox row at scrape time, 0 when none: for pending rows, how ' +
        'far publishing lags behind the commits',
      labelNames: ['state'],
      collect: () => this.sample(),
    });
  }

  /** Never rejects: a collect that threw would fail the whole scrape. */
  private async sample(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const backlog = await Promise.race([
        this.query(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer in ${OUTBOX_BACKLOG_SAMPLE_MS} ms`)),
            OUTBOX_BACKLOG_SAMPLE_MS,
          );
          timer.unref();
        }),
      ]);
      for (const state of Object.keys(backlog) as OutboxBacklogState[]) {
        this.unsent?.set({ state }, backlog[state].messages);
        this.oldestAge?.set({ state }, backlog[state].oldestAgeSeconds);
      }
      if (this.failing) this.logger.log('outbox backlog sampled again');
      this.failing = false;
    } catch (error) {
      // Once per outage: every scrape would say it again.
      if (!this.failing) {
        this.logger.warn(
          `outbox backlog not sampled, the gauges keep their values: ${(error as Error).message}`,
        );
      }
      this.failing = true;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The query of this scrape's two gauges, or the one still running from an earlier scrape. */
  private query(): Promise<OutboxBacklog> {
    if (!this.running) {
      const running = readOutboxBacklog(this.dataSource).finally(() => {
        this.running = undefined;
      });
      // A query the scrape stopped waiting for may still fail, with nobody left to hear it.
      running.catch(() => undefined);
      this.running = running;
    }
    return this.running;
  }
}
