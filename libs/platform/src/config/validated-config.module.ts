import { DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { z } from 'zod';
import { Env, parseEnv } from './parse-env';

/**
 * An app's configuration, read once: the environment is parsed by the app's schema when its module
 * is defined, so a bad value stops the start before Nest begins and runService prints it once,
 * without a stack (with `validate`, Nest's own exception handler printed it first, stack and all).
 * ConfigService then serves the parsed values, typed as the schema says (numbers, lists), and
 * nothing else: no second read of process.env or of `.env` (runService loaded that already).
 */
export function validatedConfigModule<S extends z.ZodTypeAny>(
  schema: S,
  env: Env = process.env,
): Promise<DynamicModule> {
  const config: Record<string, unknown> = parseEnv(schema, env);
  return ConfigModule.forRoot({
    isGlobal: true,
    ignoreEnvFile: true,
    skipProcessEnv: true,
    load: [() => config],
  });
}
