import { z } from 'zod';
import { AppConfig, requireAppConfig } from './app-config';
import { ConfigValidationError } from './config-validation.error';
import { envInt } from './env-types';

const libSection = z.object({
  LIB_LIMIT: envInt(1, 10).default(3),
  LIB_NAME: z.string().optional(),
});
const appSchema = libSection.extend({ APP_PORT: envInt(1, 65535).default(3000) });

describe('AppConfig', () => {
  it("hands a lib its section as the app's schema parsed it", () => {
    const config = AppConfig.parse(appSchema, { LIB_LIMIT: '7', APP_PORT: '80' });
    expect(config.section(libSection, 'the lib')).toEqual({ LIB_LIMIT: 7 });
    expect(config.all()).toEqual({ LIB_LIMIT: 7, APP_PORT: 80 });
  });

  it('reads the keys of a refined app schema', () => {
    const refined = appSchema.superRefine(() => undefined);
    const config = AppConfig.parse(refined, { LIB_NAME: 'x' });
    expect(config.section(libSection, 'the lib')).toEqual({ LIB_LIMIT: 3, LIB_NAME: 'x' });
  });

  it('refuses a section the app did not merge, naming the variables and the owner', () => {
    const config = AppConfig.parse(z.object({ APP_PORT: envInt(1, 65535).default(3000) }), {});
    expect(() => config.section(libSection, '@railyard/lib')).toThrow(
      new ConfigValidationError([
        "@railyard/lib reads LIB_LIMIT, LIB_NAME, which the app's config schema leaves out " +
          "(merge @railyard/lib's env schema into it)",
      ]),
    );
  });

  it('stops on a bad value before any section is read', () => {
    expect(() => AppConfig.parse(appSchema, { LIB_LIMIT: '11' })).toThrow(ConfigValidationError);
  });

  it('says what to import when a module finds no AppConfig', () => {
    expect(() => requireAppConfig(undefined, '@railyard/saga')).toThrow(/validatedConfigModule/);
  });
});
