import { INestApplicationContext } from '@nestjs/common';
import { SagaClock, SagaDeadlineScheduler } from '@railyard/saga';

/**
 * A saga clock a test moves by hand: `Test.createTestingModule(…).overrideProvider(SagaClock)
 * .useValue(clock)`, then `clock.advance(ms)` and `runDueSagaDeadlines(app)` reach a step's
 * deadline (or a compensation's next resend) at once, without waiting for it.
 */
export class ManualSagaClock extends SagaClock {
  private current: number;

  constructor(start: Date = new Date()) {
    super();
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(${ms}): time only moves on`);
    this.current += ms;
    return this.now();
  }
}

/**
 * One pass of the saga deadline scheduler now, instead of at its next tick: every saga whose
 * deadline has passed (by the saga clock) fails its step or resends its compensation. Resolves to
 * how many were due.
 */
export function runDueSagaDeadlines(app: INestApplicationContext): Promise<number> {
  return app.get(SagaDeadlineScheduler, { strict: false }).tick();
}
