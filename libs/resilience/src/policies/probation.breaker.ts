import { CircuitState, IBreaker } from 'cockatiel';

interface ProbationState {
  failures: number;
  probation: number;
}

/**
 * When cockatiel's circuit should open. It opens after `failureThreshold` consecutive failures.
 * Cockatiel closes a half-open circuit after one successful trial call; this breaker keeps the
 * circuit on probation until `successThreshold` consecutive successes (the trial included): one
 * failure on probation opens it again at once, as a failed trial would.
 */
export class ProbationBreaker implements IBreaker {
  private failures = 0;
  /** Successes still needed before the circuit is fully closed; 0 = not on probation. */
  private probation = 0;

  constructor(
    private readonly failureThreshold: number,
    private readonly successThreshold: number,
    /** Called when probation ends with the last success it needed. */
    private readonly onRecovered: () => void = () => undefined,
  ) {}

  get onProbation(): boolean {
    return this.probation > 0;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  get state(): unknown {
    return { failures: this.failures, probation: this.probation } satisfies ProbationState;
  }

  set state(value: unknown) {
    const saved = value as Partial<ProbationState> | undefined;
    this.failures = saved?.failures ?? 0;
    this.probation = saved?.probation ?? 0;
  }

  success(state: CircuitState): void {
    this.failures = 0;
    if (state === CircuitState.HalfOpen) {
      this.probation = this.successThreshold - 1;
    } else if (this.probation > 0 && --this.probation === 0) {
      this.onRecovered();
    }
  }

  failure(state: CircuitState): boolean {
    if (state === CircuitState.HalfOpen || this.probation > 0) {
      this.probation = 0;
      return true;
    }
    this.failures += 1;
    return this.failures >= this.failureThreshold;
  }
}
