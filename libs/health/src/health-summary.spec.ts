import { healthSummary } from './health-summary';

describe('healthSummary', () => {
  it('keeps the overall status and each check up or down, nothing else', () => {
    const summary = healthSummary({
      status: 'error',
      info: { bus: { status: 'up', peers: ['10.0.0.5:4001'] } },
      error: { resilience: { status: 'down', circuits: { order: 'open' }, failures: 12 } },
      details: {
        bus: { status: 'up', peers: ['10.0.0.5:4001'] },
        resilience: { status: 'down', circuits: { order: 'open' }, failures: 12 },
      },
    });
    expect(summary).toEqual({
      status: 'error',
      info: { bus: { status: 'up' } },
      error: { resilience: { status: 'down' } },
      details: { bus: { status: 'up' }, resilience: { status: 'down' } },
    });
  });
});
