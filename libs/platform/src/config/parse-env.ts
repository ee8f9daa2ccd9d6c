import { z } from 'zod';
import { ConfigValidationError } from './config-validation.error';
import { shownValue } from './shown-value';

export type Env = Record<string, string | undefined>;

/**
 * Validates environment variables against a zod object schema whose keys are variable names.
 * Empty strings count as unset, so `FOO=` in a .env file falls back to the default.
 */
export function parseEnv<S extends z.ZodTypeAny>(schema: S, env: Env = process.env): z.output<S> {
  const cleaned: Env = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') cleaned[name] = value.trim();
  }
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const got = cleaned[String(issue.path[0])];
    return got === undefined
      ? `${name}: ${issue.message}`
      : `${name}=${shownValue(name, got)}: ${issue.message}`;
  });
  throw new ConfigValidationError(problems);
}
