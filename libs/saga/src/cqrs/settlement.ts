/** Why a settlement ended without anyone settling it in time. */
export class SettlementTimeoutError extends Error {
  override readonly name = 'SettlementTimeoutError';
}

/**
 * Ack after commit, across the @Saga() stream: a bus handler that hands its message to a stream
 * (which returns nothing to it) creates a Settlement, puts it in the event, and returns `settled`;
 * the transport acks the message when that resolves and retries it when it rejects. Whoever does
 * the work settles it, once the work committed (`settleWith`).
 *
 * - The first of resolve / reject / the timeout wins; later calls change nothing.
 * - Bounded: unsettled after `timeoutMs`, it rejects with a SettlementTimeoutError, so no message
 *   waits forever on work that was lost. The timer is cleared on settling and never keeps the
 *   process alive.
 * - A rejection nobody awaits any more (the transport gave up on the message) is not an unhandled
 *   rejection; whoever awaits `settled` still gets it.
 */
export class Settlement {
  /** Resolves once the work committed; rejects with its error or on the timeout. */
  readonly settled: Promise<void>;
  private resolveSettled!: () => void;
  private rejectSettled!: (error: unknown) => void;
  private readonly timer: NodeJS.Timeout;
  private done = false;

  /** `what` names the work in the timeout's message, e.g. `saga reply <type> <messageId>`. */
  constructor(timeoutMs: number, what: string) {
    this.settled = new Promise<void>((resolve, reject) => {
      this.resolveSettled = resolve;
      this.rejectSettled = reject;
    });
    this.settled.catch(() => undefined);
    this.timer = setTimeout(
      () => this.reject(new SettlementTimeoutError(`${what} not settled within ${timeoutMs} ms`)),
      timeoutMs,
    );
    this.timer.unref();
  }

  get isSettled(): boolean {
    return this.done;
  }

  resolve(): void {
    if (this.finish()) this.resolveSettled();
  }

  reject(error: unknown): void {
    if (this.finish()) this.rejectSettled(error);
  }

  /**
   * Runs `work` and settles with its outcome. Never rejects (nor throws): a command handler behind
   * a @Saga() stream that threw would only reach CQRS's unhandled-exception log, not the bus.
   */
  async settleWith(work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
      this.resolve();
    } catch (error) {
      this.reject(error);
    }
  }

  private finish(): boolean {
    if (this.done) return false;
    this.done = true;
    clearTimeout(this.timer);
    return true;
  }
}
