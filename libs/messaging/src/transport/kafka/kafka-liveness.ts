import { Logger } from '@nestjs/common';
import { KAFKA_TUNING } from './kafka-tuning';

/** Silence after which a probe asks the broker directly (well inside the liveness window). */
const PROBE_AFTER_MS = 2_000;

/**
 * Whether the broker answers, from kafkajs' REQUEST instrumentation events (one per response).
 * Consumers' fetch long-polls return every `maxWaitTimeMs`, but an idle publisher, or consumers
 * waiting out a kafkajs restart backoff, send nothing; then `probe` (a metadata request) asks,
 * so silence longer than the window means the broker is gone, not that we were quiet.
 * Transitions are logged once each, not per failed request.
 */
export class KafkaLiveness {
  private lastResponseAt = 0;
  private lostAt?: number;
  private watch?: NodeJS.Timeout;
  private probing = false;

  constructor(
    private readonly logger: Logger,
    private readonly probe: () => Promise<unknown>,
  ) {}

  readonly onResponse = (): void => {
    this.lastResponseAt = Date.now();
    if (this.lostAt !== undefined) {
      this.logger.log(`Kafka broker reachable again after ${Date.now() - this.lostAt} ms`);
      this.lostAt = undefined;
    }
  };

  start(): void {
    this.watch ??= setInterval(() => this.check(), 1_000);
    this.watch.unref();
  }

  stop(): void {
    clearInterval(this.watch);
    this.watch = undefined;
    this.lostAt = undefined;
  }

  isReachable(): boolean {
    return Date.now() - this.lastResponseAt < KAFKA_TUNING.livenessWindowMs;
  }

  msSinceLastResponse(): number | undefined {
    return this.lastResponseAt === 0 ? undefined : Date.now() - this.lastResponseAt;
  }

  private check(): void {
    const silentFor = Date.now() - this.lastResponseAt;
    if (silentFor > PROBE_AFTER_MS && !this.probing) {
      this.probing = true;
      // A response counts through onResponse (the probe's client reports REQUEST events).
      void this.probe()
        .catch(() => undefined)
        .finally(() => (this.probing = false));
    }
    if (this.lostAt === undefined && !this.isReachable()) {
      this.lostAt = this.lastResponseAt;
      this.logger.warn(
        `Kafka broker unreachable: no response for ${KAFKA_TUNING.livenessWindowMs} ms`,
      );
    }
  }
}
