import { Logger } from '@nestjs/common';
import { KAFKA_TUNING } from './kafka-tuning';

/**
 * Whether the broker answers, from kafkajs' REQUEST instrumentation events (one per response).
 * Every instance runs at least its reply consumer, whose fetch long-poll returns every
 * `maxWaitTimeMs`, so silence longer than the window means the broker is gone. Transitions are
 * logged once each, not per failed request.
 */
export class KafkaLiveness {
  private lastResponseAt = 0;
  private lostAt?: number;
  private watch?: NodeJS.Timeout;

  constructor(private readonly logger: Logger) {}

  readonly onResponse = (): void => {
    this.lastResponseAt = Date.now();
    if (this.lostAt !== undefined) {
      this.logger.log(`Kafka broker reachable again after ${Date.now() - this.lostAt} ms`);
      this.lostAt = undefined;
    }
  };

  start(): void {
    this.watch ??= setInterval(() => {
      if (this.lostAt === undefined && !this.isReachable()) {
        this.lostAt = this.lastResponseAt;
        this.logger.warn(
          `Kafka broker unreachable: no response for ${KAFKA_TUNING.livenessWindowMs} ms`,
        );
      }
    }, 1_000);
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
}
