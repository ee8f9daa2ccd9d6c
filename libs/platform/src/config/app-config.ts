import { z } from 'zod';
import { ConfigValidationError } from './config-validation.error';
import { Env, parseEnv } from './parse-env';

/** A lib's part of the environment: a zod object whose keys are variable names. */
export type EnvSection = z.AnyZodObject;

/**
 * An app's configuration, parsed once by the app's schema (which merges every lib's section).
 * Lib modules take their section from here instead of reading process.env again, so a value means
 * the same thing everywhere and a bad one stops the start once, before Nest begins.
 */
export class AppConfig<T extends object = Record<string, unknown>> {
  private constructor(
    private readonly keys: ReadonlySet<string>,
    private readonly values: Readonly<T>,
  ) {}

  /** Parses `env` by the app's schema: an object schema, refined or not. */
  static parse<S extends z.ZodTypeAny>(schema: S, env: Env): AppConfig<z.output<S>> {
    const values = parseEnv(schema, env) as z.output<S>;
    return new AppConfig(new Set(Object.keys(objectShapeOf(schema))), values);
  }

  /**
   * Every parsed value: for @nestjs/config's ConfigService, and for the few settings an app needs
   * while its module is being defined (routes, which Nest cannot change once registered).
   */
  all(): Readonly<T> {
    return this.values;
  }

  /**
   * The values of a lib's section, as the app's schema parsed them. An app whose schema leaves
   * out part of a section would hand the lib undefined where it expects a default: refused, naming
   * what to merge.
   */
  section<S extends EnvSection>(section: S, owner: string): z.output<S> {
    const names = Object.keys(section.shape);
    const missing = names.filter((name) => !this.keys.has(name));
    if (missing.length > 0) {
      throw new ConfigValidationError([
        `${owner} reads ${missing.join(', ')}, which the app's config schema leaves out ` +
          `(merge ${owner}'s env schema into it)`,
      ]);
    }
    const values = this.values as Readonly<Record<string, unknown>>;
    const picked: Record<string, unknown> = {};
    for (const name of names) if (name in values) picked[name] = values[name];
    return picked as z.output<S>;
  }
}

function objectShapeOf(schema: z.ZodTypeAny): z.ZodRawShape {
  if (schema instanceof z.ZodObject) return schema.shape as z.ZodRawShape;
  if (schema instanceof z.ZodEffects) return objectShapeOf(schema.innerType());
  throw new TypeError('an app config schema is a zod object (refinements allowed)');
}

/**
 * For a lib module's factory that injects AppConfig optionally: Nest's own "can't resolve
 * dependencies" error would not say what is missing, this does.
 */
export function requireAppConfig(config: AppConfig | undefined, owner: string): AppConfig {
  if (config) return config;
  throw new ConfigValidationError([
    `${owner} reads the app's validated configuration: import validatedConfigModule(<app schema>) ` +
      `in the root module (a test module: validatedConfigModule(schema, env))`,
  ]);
}

/** The injection of AppConfig that lets requireAppConfig name the problem. */
export const OPTIONAL_APP_CONFIG = { token: AppConfig, optional: true } as const;
