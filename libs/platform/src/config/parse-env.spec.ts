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

  it('never prints a password in a URL, or the value of a secret, token or key', () => {
    const secrets = z.object({
      ORDER_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//),
      BUS_SECRET: z.string().min(32),
      AUTH_JWT_KEY: z.string().min(32),
    });
    let error: unknown;
    try {
      parseEnv(secrets, {
        ORDER_DATABASE_URL: 'postgresq://admin:S3cr3t@db:5432/orders',
        BUS_SECRET: 'short-but-secret',
        AUTH_JWT_KEY: 'hunter2',
      });
    } catch (caught) {
      error = caught;
    }
    const message = (error as Error).message;
    expect(message).toContain('ORDER_DATABASE_URL');
    expect(message).toContain('BUS_SECRET');
    expect(message).toContain('AUTH_JWT_KEY');
    expect(message).toContain('postgresq://admin:***@db:5432/orders');
    for (const secret of ['S3cr3t', 'short-but-secret', 'hunter2']) {
      expect(message).not.toContain(secret);
    }
  });
});
