import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { z } from 'zod';
import { AppConfig } from './app-config';
import { Env } from './parse-env';

@Module({})
class AppConfigModule {}

/**
 * An app's configuration, read once: the environment is parsed by the app's schema when its module
 * is defined, so a bad value stops the start before Nest begins and runService prints it once,
 * without a stack (with `validate`, Nest's own exception handler printed it first, stack and all).
 * The parsed values are served twice over, never re-read: lib modules take their section from
 * AppConfig; the app's own code reads ConfigService, typed as the schema says (numbers, lists).
 */
export function validatedConfigModule<S extends z.ZodTypeAny>(
  schema: S,
  env: Env = process.env,
): Promise<DynamicModule> {
  return appConfigModule(AppConfig.parse(schema, env));
}

/** The same, for an app that parsed its config itself (it needs some values to define modules). */
export async function appConfigModule(config: AppConfig<object>): Promise<DynamicModule> {
  const configModule = await ConfigModule.forRoot({
    isGlobal: true,
    ignoreEnvFile: true,
    skipProcessEnv: true,
    load: [() => ({ ...config.all() })],
  });
  return {
    module: AppConfigModule,
    global: true,
    imports: [configModule],
    providers: [{ provide: AppConfig, useValue: config }],
    exports: [AppConfig, configModule],
  };
}
