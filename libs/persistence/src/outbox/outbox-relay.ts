import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { MessageBus } from '@railyard/messaging';
import { MetricsRegistry, secondsSince } from '@railyard/platform';
import { AsyncMutex } from '../unit-of-work/async-mutex';
import { UnitOfWork } from '../unit-of-work/unit-of-work';
import { keepAggregateHeads } from './keep-aggregate-heads';
import { OUTBOX_RELAY_OPTIONS, OutboxRelayOptions } from './outbox-relay.options';
import { Outbox } from './outbox';
import { OutboxRow } from './outbox-row';
import { parseStoredEnvelope } from './parse-stored-envelope';
import { publishInAggregateOrder } from './publish-in-aggregate-order';
import { readReadyRows } from './read-ready-rows';
import { RecordedOutcome, recordPublishOutcome } from './record-publish-outcome';
import { RelayMetricFamilies } from './relay-metric-families';
import { traceRelayBatch } from './relay-batch-span';

/** Backoff of the whole relay when the database itself fails (publish failures back off per aggregate). */
const MAX_BACKOFF_MS = 5_000;
/** Bound on the final pass at shutdown: a relay that cannot publish must not hold the exit. */
const FLUSH_BUDGET_MS = 5_000;

/**
 * Publishes committed outbox rows through the bus and marks them sent. After a crash it simply
 * finds the unsent rows again; a row published but not yet marked is published twice, which the
 * consumers' inbox makes harmless. A failed row holds back only its own aggregate: a transient
 * failure until its backoff ends, a permanent one (or too many) parks it for an operator
 * (OutboxAdmin). On PostgreSQL, replicas claim rows with FOR UPDATE SKIP LOCKED and publish an
 * aggregate only from its head (keepAggregateHeads); SQLite is one process per file.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private stopped = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private pendingNudge = false;
  /** One batch at a time per process. */
  private readonly batchTurn = new AsyncMutex();
  private readonly metrics?: RelayMetricFamilies;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly bus: MessageBus,
    @Inject(OUTBOX_RELAY_OPTIONS) private readonly options: OutboxRelayOptions,
    // An app without MetricsModule relays all the same, unmeasured.
    @Optional() metrics?: MetricsRegistry,
  ) {
    if (metrics) this.metrics = new RelayMetricFamilies(metrics);
  }

  onApplicationBootstrap(): void {
    this.outbox.onStaged(() => this.nudge());
    this.loop = this.run();
  }

  /**
   * Before, not on, shutdown: the database closes in onApplicationShutdown, and the bus still
   * publishes (it drained its handlers in onModuleDestroy, it disconnects after this hook). So
   * what the draining handlers committed goes out now, not at the next start (issue 14 point 9).
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.nudge();
    await this.loop;
    if (this.loop) await this.flush();
  }

  /** Publishes one batch; resolves to how many rows were sent. Exposed for tests and tools. */
  async relayOnce(): Promise<number> {
    const recorded = await this.batchTurn.run(() => this.relayBatch());
    if (recorded.failed > 0) {
      this.logger.warn(
        `outbox relay: ${recorded.failed} row(s) failed to publish (${recorded.parked} parked); ` +
          'their aggregates wait, others go on',
      );
    }
    return recorded.sent;
  }

  nudge(): void {
    this.pendingNudge = true;
    this.wake?.();
  }

  /** Publishes what is ready until nothing is, or the budget is spent. */
  private async flush(): Promise<void> {
    const deadline = Date.now() + FLUSH_BUDGET_MS;
    try {
      while (Date.now() < deadline && (await this.relayOnce()) > 0);
    } catch (error) {
      this.logger.warn(`outbox relay: final pass failed: ${(error as Error).message}`);
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        const sent = await this.relayOnce();
        failures = 0;
        if (sent === 0) await this.idle(this.options.pollIntervalMs, true);
      } catch (error) {
        failures++;
        const wait = Math.min(MAX_BACKOFF_MS, this.options.pollIntervalMs * 2 ** failures);
        this.logger.warn(`outbox relay: ${(error as Error).message}; retrying in ${wait} ms`);
        await this.idle(wait, false);
      }
    }
  }

  /** One batch, timed from its turn (not from the wait for it), measured once it committed. */
  private async relayBatch(): Promise<RecordedOutcome> {
    const started = performance.now();
    try {
      const recorded = await (this.uow.isPostgres ? this.relayClaimed() : this.relaySerial());
      this.metrics?.batchRecorded(recorded, secondsSince(started));
      return recorded;
    } catch (error) {
      this.metrics?.batchFailed(secondsSince(started));
      throw error;
    }
  }

  /** PostgreSQL: claim rows in a transaction, publish, mark, commit (which frees the claims). */
  private relayClaimed(): Promise<RecordedOutcome> {
    return this.uow.dataSource.transaction(async (tx) => {
      const claimed = await readReadyRows(tx, this.options.batchSize, { claim: true });
      const rows = claimed.length > 0 ? await keepAggregateHeads(tx, claimed) : claimed;
      return recordPublishOutcome(tx, await this.publish(rows), this.options);
    });
  }

  /**
   * SQLite: read in a turn of the unit of work, so only committed rows are seen (one driver
   * connection is shared: a read outside a turn saw other transactions' uncommitted rows, issue 14
   * point 5); publish outside the write lock; mark in another turn.
   */
  private async relaySerial(): Promise<RecordedOutcome> {
    const rows = await this.uow.run((tx) => readReadyRows(tx, this.options.batchSize));
    if (rows.length === 0) return { sent: 0, failed: 0, parked: 0 };
    const outcome = await this.publish(rows);
    return this.uow.run((tx) => recordPublishOutcome(tx, outcome, this.options));
  }

  private publish(rows: OutboxRow[]) {
    return traceRelayBatch(rows.length, () =>
      publishInAggregateOrder(rows, (row) =>
        this.bus.publishEnvelope(parseStoredEnvelope(row.envelope)),
      ),
    );
  }

  /**
   * Waits `ms`; a commit that staged messages cuts the wait short when `wakeable`, shutdown
   * always does.
   */
  private async idle(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopped || (wakeable && this.pendingNudge)) {
      this.pendingNudge = false;
      return;
    }
    // A timer and its resolver, not an aborted sleep: every staging commit wakes the relay, and
    // each abort built a DOMException with its stack, ~2% of a busy service's CPU (bench/README.md).
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        if (!wakeable && !this.stopped) return;
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
    this.pendingNudge = false;
  }
}
