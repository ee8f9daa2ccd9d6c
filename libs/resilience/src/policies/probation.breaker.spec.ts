import { CircuitState } from 'cockatiel';
import { ProbationBreaker } from './probation.breaker';

describe('ProbationBreaker', () => {
  it('opens after the threshold of consecutive failures; a success resets the count', () => {
    const breaker = new ProbationBreaker(3, 2);
    expect(breaker.failure(CircuitState.Closed)).toBe(false);
    expect(breaker.failure(CircuitState.Closed)).toBe(false);
    breaker.success(CircuitState.Closed);
    expect(breaker.failure(CircuitState.Closed)).toBe(false);
    expect(breaker.failure(CircuitState.Closed)).toBe(false);
    expect(breaker.failure(CircuitState.Closed)).toBe(true);
  });

  it('keeps the circuit on probation after the trial until enough successes', () => {
    const recovered = jest.fn();
    const breaker = new ProbationBreaker(3, 3, recovered);
    breaker.success(CircuitState.HalfOpen);
    expect(breaker.onProbation).toBe(true);
    breaker.success(CircuitState.Closed);
    expect(recovered).not.toHaveBeenCalled();
    breaker.success(CircuitState.Closed);
    expect(breaker.onProbation).toBe(false);
    expect(recovered).toHaveBeenCalledTimes(1);
  });

  it('opens again on the first failure on probation', () => {
    const breaker = new ProbationBreaker(5, 3);
    breaker.success(CircuitState.HalfOpen);
    expect(breaker.failure(CircuitState.Closed)).toBe(true);
    expect(breaker.onProbation).toBe(false);
  });

  it('has no probation when one success closes the circuit', () => {
    const breaker = new ProbationBreaker(2, 1);
    breaker.success(CircuitState.HalfOpen);
    expect(breaker.onProbation).toBe(false);
  });

  it('round-trips its state', () => {
    const breaker = new ProbationBreaker(5, 3);
    breaker.failure(CircuitState.Closed);
    const copy = new ProbationBreaker(5, 3);
    copy.state = breaker.state;
    expect(copy.consecutiveFailures).toBe(1);
  });
});
