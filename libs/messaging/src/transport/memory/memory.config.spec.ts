import { parseEnv } from '@railyard/platform';
import { memoryEnvSchema, memoryOptionsFrom } from './memory.config';

describe('in-process transport settings', () => {
  it('share the broker named "railyard" unless told otherwise', () => {
    expect(memoryOptionsFrom(parseEnv(memoryEnvSchema, {}))).toEqual({ broker: 'railyard' });
    expect(
      memoryOptionsFrom(parseEnv(memoryEnvSchema, { MESSAGING_MEMORY_BROKER: 'spec' })),
    ).toEqual({ broker: 'spec' });
  });

  it('take an empty name as unset, so a service is never alone by accident', () => {
    expect(memoryOptionsFrom(parseEnv(memoryEnvSchema, { MESSAGING_MEMORY_BROKER: ' ' }))).toEqual({
      broker: 'railyard',
    });
  });
});
