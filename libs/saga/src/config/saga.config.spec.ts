import { DEFAULT_SAGA_SETTINGS } from '../machine/saga-settings';
import { sagaOptionsFromEnv } from './saga.config';

describe('sagaOptionsFromEnv', () => {
  it('defaults: stuck after 8 sends, resent at most every 5 minutes, terminal sagas kept 7 days', () => {
    expect(sagaOptionsFromEnv({})).toEqual({
      settings: DEFAULT_SAGA_SETTINGS,
      tickMs: 250,
      stuckLogIntervalMs: 60_000,
      retention: { retentionMs: 7 * 86_400_000, batch: 500, sweepMs: 60_000 },
    });
  });

  it('never caps a stuck saga below the normal cap, and reads 0 days as "keep forever"', () => {
    const options = sagaOptionsFromEnv({
      SAGA_COMPENSATION_MAX_MS: '5000',
      SAGA_COMPENSATION_STUCK_MAX_MS: '1000',
      SAGA_RETENTION_DAYS: '0',
    });
    expect(options.settings.compensation).toMatchObject({
      maxDelayMs: 5_000,
      stuckMaxDelayMs: 5_000,
    });
    expect(options.retention.retentionMs).toBe(0);
  });

  it('names every bad variable', () => {
    expect(() =>
      sagaOptionsFromEnv({ SAGA_RETENTION_BATCH: '0', SAGA_STUCK_LOG_INTERVAL_MS: 'soon' }),
    ).toThrow(
      /SAGA_RETENTION_BATCH[\s\S]*SAGA_STUCK_LOG_INTERVAL_MS|SAGA_STUCK_LOG_INTERVAL_MS[\s\S]*SAGA_RETENTION_BATCH/,
    );
  });
});
