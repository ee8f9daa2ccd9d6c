import { ResilienceRegistry } from '../registry/resilience-registry';
import { PassThroughPolicy } from './pass-through.policy';

describe('PassThroughPolicy', () => {
  it('runs the work once, records how it was asked, and reports a closed circuit', async () => {
    const policy = new PassThroughPolicy('payment');
    const registry = new ResilienceRegistry([policy]);
    const failing = jest.fn().mockRejectedValue(new Error('down'));
    await expect(registry.get('payment').execute(failing, { idempotent: true })).rejects.toThrow(
      'down',
    );
    expect(failing).toHaveBeenCalledTimes(1);
    expect(failing.mock.calls[0][0]).toMatchObject({ attempt: 0, timeoutMs: 500 });
    expect(policy.calls).toEqual([{ idempotent: true }]);
    expect(registry.snapshot().payment.breaker.state).toBe('closed');
  });
});
