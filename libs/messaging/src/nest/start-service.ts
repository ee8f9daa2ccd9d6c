import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { connectBus } from './connect-bus';

export interface StartServiceOptions {
  /** HTTP port and interface (health probes, admin API, gateway routes). */
  port: (app: INestApplication) => { port: number; host: string };
  /** Serve `@EventPattern` / `@MessagePattern` handlers over the bus (false for pure clients). */
  serveBus?: boolean;
  /** Last touches before listening (helmet, pipes, docs...). */
  configure?: (app: INestApplication) => void | Promise<void>;
}

/**
 * Starts one Railyard app: pino logs, SIGTERM drains the bus before exit, the bus consumer
 * starts before HTTP so `/health/ready` never says ready for a service that cannot consume.
 */
export async function startService(
  module: Type<unknown>,
  options: StartServiceOptions,
): Promise<INestApplication> {
  const app = await NestFactory.create(module, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  if (options.serveBus ?? true) connectBus(app);
  await options.configure?.(app);
  await app.startAllMicroservices();
  const { port, host } = options.port(app);
  await app.listen(port, host);
  return app;
}
