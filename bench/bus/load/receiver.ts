import { EventPayload } from '../event-payload';

/**
 * The consumer side of a measurement run: counts the events of the current run (stragglers of
 * an earlier one are ignored) and, in latency runs, records publish→handle times.
 */
export class Receiver {
  private run = 0;
  private expected = 0;
  private received = 0;
  private latencies?: Float64Array;
  private done?: () => void;

  readonly onEvent = (payload: EventPayload): void => {
    if (payload.run !== this.run) return;
    if (this.latencies) this.latencies[this.received] = performance.now() - payload.sentAt;
    if (++this.received === this.expected) this.done?.();
  };

  /** Starts run `run` expecting `expected` events; resolves once all arrived or `timeoutMs` passed. */
  begin(run: number, expected: number, timeoutMs: number, recordLatency: boolean): Promise<void> {
    this.run = run;
    this.expected = expected;
    this.received = 0;
    this.latencies = recordLatency ? new Float64Array(expected) : undefined;
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.done = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  get count(): number {
    return this.received;
  }

  latencySamples(): Float64Array {
    return (this.latencies ?? new Float64Array(0)).subarray(0, this.received);
  }
}
