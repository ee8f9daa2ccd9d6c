import { samplerFromEnv } from './sampler-from-env';

describe('samplerFromEnv', () => {
  it.each([
    [{}, 'ParentBased{root=AlwaysOnSampler'],
    [{ OTEL_TRACES_SAMPLER: 'always_off' }, 'AlwaysOffSampler'],
    [{ OTEL_TRACES_SAMPLER: 'always_on' }, 'AlwaysOnSampler'],
    [{ OTEL_TRACES_SAMPLER: 'parentbased_always_off' }, 'ParentBased{root=AlwaysOffSampler'],
    [
      { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' },
      'ParentBased{root=TraceIdRatioBased{0.25}',
    ],
    [{ OTEL_TRACES_SAMPLER: 'TraceIdRatio' }, 'TraceIdRatioBased{1}'],
  ])('%p gives %s', (env, described) => {
    expect(samplerFromEnv(env).toString()).toContain(described);
  });

  it('refuses an unknown sampler or a ratio out of range', () => {
    expect(() => samplerFromEnv({ OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(/unknown sampler/);
    expect(() =>
      samplerFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' }),
    ).toThrow(/ratio from 0 to 1/);
  });
});
