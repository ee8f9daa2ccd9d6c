import { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { connectBus } from '@railyard/messaging';

/**
 * A Nest app built from `metadata` with its bus handlers served, as `startService` does in
 * production but without HTTP: `@EventPattern` / `@MessagePattern` handlers consume once it
 * resolves. Close it with `app.close()`.
 */
export async function startTestService(metadata: ModuleMetadata): Promise<INestApplication> {
  const module = await Test.createTestingModule(metadata).compile();
  const app = module.createNestApplication({ logger: false });
  connectBus(app);
  await app.startAllMicroservices();
  await app.init();
  return app;
}
