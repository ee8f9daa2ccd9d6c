import { DynamicModule, Module } from '@nestjs/common';
import { LEGACY_OPTIONS, LegacyOptions } from './legacy-options';
import { legacyProxyController } from './legacy-proxy.controller';
import { LegacyUpstream } from './legacy-upstream';

/** The legacy routes, or nothing when LEGACY_ROUTES is empty. Import it before other routes. */
@Module({})
export class LegacyModule {
  static forRoot(options: LegacyOptions | undefined): DynamicModule {
    if (!options) return { module: LegacyModule };
    return {
      module: LegacyModule,
      controllers: [legacyProxyController(options.routes)],
      providers: [{ provide: LEGACY_OPTIONS, useValue: options }, LegacyUpstream],
    };
  }
}
