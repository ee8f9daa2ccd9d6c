import { parseLabelSelector } from './label-selector';

describe('parseLabelSelector', () => {
  const job = { 'app.kubernetes.io/component': 'migration', tier: 'db' };
  const namespace = {};

  it('matches equality and inequality, inequality also without the key', () => {
    expect(parseLabelSelector('tier=db')(job)).toBe(true);
    expect(parseLabelSelector('tier==web')(job)).toBe(false);
    expect(parseLabelSelector('tier!=web')(namespace)).toBe(true);
  });

  it('matches sets, notin also without the key, every requirement of a list', () => {
    const selector = 'app.kubernetes.io/component notin (service,gateway)';
    expect(parseLabelSelector(selector)(job)).toBe(true);
    expect(parseLabelSelector(selector)(namespace)).toBe(true);
    expect(parseLabelSelector(selector)({ 'app.kubernetes.io/component': 'service' })).toBe(false);
    expect(
      parseLabelSelector('tier in (db, cache),app.kubernetes.io/component=migration')(job),
    ).toBe(true);
    expect(parseLabelSelector('tier in (db),tier=web')(job)).toBe(false);
  });

  it('refuses what it does not understand', () => {
    expect(() => parseLabelSelector('!tier')).toThrow(
      'unsupported label selector requirement "!tier"',
    );
    expect(() => parseLabelSelector(' ')).toThrow('empty label selector');
  });
});
