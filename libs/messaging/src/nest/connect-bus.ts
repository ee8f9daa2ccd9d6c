import { INestApplication } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RailyardServer } from './railyard.server';
import { RpcErrorShapeFilter } from './rpc-error-shape.filter';

/**
 * Makes a Nest app hybrid: its `@EventPattern` / `@MessagePattern` handlers are served over the
 * bus. Call before `app.listen()`; `app.startAllMicroservices()` then starts consuming.
 */
export function connectBus(app: INestApplication): void {
  const { httpAdapter } = app.get(HttpAdapterHost);
  app.useGlobalFilters(new RpcErrorShapeFilter(httpAdapter));
  app.connectMicroservice({ strategy: app.get(RailyardServer) }, { inheritAppConfig: true });
}
