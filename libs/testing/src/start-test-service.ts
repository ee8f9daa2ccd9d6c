import { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import { connectBus } from '@railyard/messaging';

/**
 * A Nest app built from `metadata` with its bus handlers served, as `startService` does in
 * production but without HTTP: `@EventPattern` / `@MessagePattern` handlers consume once it
 * resolves. `override` swaps providers first, e.g. a clock the test moves:
 * `(builder) => builder.overrideProvider(SagaClock).useValue(clock)`. Close it with `app.close()`.
 */
export async function startTestService(
  metadata: ModuleMetadata,
  override: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
): Promise<INestApplication> {
  const module = await override(Test.createTestingModule(metadata)).compile();
  const app = module.createNestApplication({ logger: false });
  connectBus(app);
  await app.startAllMicroservices();
  await app.init();
  return app;
}
