import { Logger } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsRegistry } from '@railyard/platform';
import type { DeliveryKind } from '../delivery/bus-metric-families';
import { withTimeout } from '../util/with-timeout';

/**
 * How long a scrape waits for the backlog. Prometheus gives a whole scrape 10 s by default; a
 * broker too slow to answer in a second must not make every other metric of the app late.
 */
export const BUS_BACKLOG_SAMPLE_MS = 1_000;

/** Messages waiting in one source (a queue, a topic) that this service consumes. */
export interface BacklogSample {
  readonly kind: DeliveryKind;
  /** A queue or topic name, fixed per service (its routes), never per message. */
  readonly source: string;
  readonly messages: number;
}

/** One sampling: what answered, and the sources that did not (they keep their last value). */
export interface BacklogReading {
  readonly samples: BacklogSample[];
  /** `<source>: <reason>`, for the log. */
  readonly failed: string[];
}

/** Reads the backlog from the broker; resolves empty when there is nothing to read (not listening). */
export type BacklogSampler = () => Promise<BacklogReading>;

export const NOTHING_TO_SAMPLE: BacklogReading = { samples: [], failed: [] };

/**
 * The broker-side backlog of this service's consumers, read when Prometheus scrapes (the gauge's
 * collect), never on a timer: no broker call happens while nobody looks, nor with metrics off
 * (the gauge does not exist then). Same pattern as the outbox's gauges
 * (libs/persistence/src/outbox/outbox-backlog-gauges.ts).
 *
 * A source that fails or answers late keeps its previous value; the transport's own health
 * reports the outage. A late sampling is not started again while it runs: a slow broker gets one
 * at a time, not one more per scrape, and its values still land when it ends. Nothing here is
 * awaited by the transport's close(). One per app, as MessagingModule's transport is: a gauge is
 * defined once by name, with its first definer's collect.
 */
export class BusBacklogGauge {
  private readonly gauge: Gauge<'kind' | 'source'>;
  private running?: Promise<void>;
  private failing = false;

  constructor(
    metrics: MetricsRegistry,
    private readonly read: BacklogSampler,
    private readonly logger: Logger,
  ) {
    this.gauge = metrics.gauge({
      name: 'railyard_bus_backlog_messages',
      help:
        "Messages waiting for this service's consumers, at scrape time: per RabbitMQ queue it " +
        'consumes, the ready messages; per Kafka topic its consumer groups read, the lag ' +
        '(high watermark minus committed offset, over all partitions); TCP has no broker backlog',
      labelNames: ['kind', 'source'],
      collect: () => this.sample(),
    });
  }

  /** Never rejects: a collect that threw would fail the whole scrape. */
  private async sample(): Promise<void> {
    try {
      await withTimeout(
        this.sampling(),
        BUS_BACKLOG_SAMPLE_MS,
        () => new Error(`no answer in ${BUS_BACKLOG_SAMPLE_MS} ms`),
      );
      if (this.failing) this.logger.log('bus backlog sampled again');
      this.failing = false;
    } catch (error) {
      // Once per outage: every scrape would say it again.
      if (!this.failing) {
        this.logger.warn(
          `bus backlog not (fully) sampled, the gauge keeps its values: ${(error as Error).message}`,
        );
      }
      this.failing = true;
    }
  }

  /** This scrape's sampling, or the one still running from an earlier scrape. */
  private sampling(): Promise<void> {
    if (!this.running) {
      const running = this.read()
        .then((reading) => this.record(reading))
        .finally(() => {
          this.running = undefined;
        });
      // A sampling the scrape stopped waiting for may still fail, with nobody left to hear it.
      running.catch(() => undefined);
      this.running = running;
    }
    return this.running;
  }

  private record({ samples, failed }: BacklogReading): void {
    for (const { kind, source, messages } of samples) this.gauge.set({ kind, source }, messages);
    if (failed.length > 0) throw new Error(failed.join('; '));
  }
}
