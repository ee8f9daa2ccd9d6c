import type { Sampler } from '@opentelemetry/sdk-trace';
import { ConfigValidationError } from '../config/config-validation.error';

/**
 * The sampler OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG name, as the SDK environment
 * specification defines them
 * (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/#general-sdk-configuration):
 * always_on, always_off, traceidratio, parentbased_always_on (the default),
 * parentbased_always_off, parentbased_traceidratio; the ratio defaults to 1. Read here because
 * @opentelemetry/sdk-trace 3.x no longer reads the environment itself. An unknown name is an error:
 * a typo must not silently trace everything.
 */
export function samplerFromEnv(env: NodeJS.ProcessEnv): Sampler {
  const sdk = require('@opentelemetry/sdk-trace') as typeof import('@opentelemetry/sdk-trace');
  const name = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase() || 'parentbased_always_on';
  const ratio = () => {
    const raw = env.OTEL_TRACES_SAMPLER_ARG?.trim();
    const value = raw ? Number(raw) : 1;
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      throw new ConfigValidationError([
        `OTEL_TRACES_SAMPLER_ARG: expected a ratio from 0 to 1, got "${raw}"`,
      ]);
    }
    return new sdk.TraceIdRatioBasedSampler(value);
  };
  switch (name) {
    case 'always_on':
      return new sdk.AlwaysOnSampler();
    case 'always_off':
      return new sdk.AlwaysOffSampler();
    case 'traceidratio':
      return ratio();
    case 'parentbased_always_on':
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new sdk.ParentBasedSampler({ root: ratio() });
    default:
      throw new ConfigValidationError([`OTEL_TRACES_SAMPLER: unknown sampler "${name}"`]);
  }
}
