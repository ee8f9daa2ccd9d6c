import { z } from 'zod';
import { ConfigValidationError } from './config-validation.error';
import { envCsv, envPort } from './env-types';
import { parseEnv } from './parse-env';

const schema = z.object({
  PORT: envPort().default(3000),
  MODE: z.enum(['a', 'b']).default('a'),
  BROKERS: envCsv().default('x:1'),
});

describe('parseEnv', () => {
  it('applies defaults, treating empty values as unset', () => {
    expect(parseEnv(schema, { PORT: '', MODE: ' ' })).toEqual({
      PORT: 3000,
      MODE: 'a',
      BROKERS: ['x:1'],
    });
  });

  it('coerces and trims', () => {
    expect(parseEnv(schema, { PORT: ' 8080 ', BROKERS: 'a:1, b:2,' })).toEqual({
      PORT: 8080,
      MODE: 'a',
      BROKERS: ['a:1', 'b:2'],
    });
  });

  it('names every bad variable, with its value, in one error', () => {
    let error: unknown;
    try {
      parseEnv(schema, { PORT: '70000', MODE: 'c' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const problems = (error as ConfigValidationError).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^PORT=70000: /);
    expect(problems[1]).toMatch(/^MODE=c: /);
  });
});
