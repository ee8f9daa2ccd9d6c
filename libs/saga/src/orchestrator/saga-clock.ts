import { Injectable } from '@nestjs/common';

/**
 * Where the orchestrator reads the time: when a step's deadline falls, whether it has passed, when
 * a transition happened. The system clock in an app; a test swaps in one it moves by hand
 * (`ManualSagaClock` in @railyard/testing) to reach a deadline without waiting for it.
 */
export abstract class SagaClock {
  abstract now(): Date;
}

@Injectable()
export class SystemSagaClock extends SagaClock {
  now(): Date {
    return new Date();
  }
}
