import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { CONTRACTS } from '@railyard/contracts';
import { lastValueFrom } from 'rxjs';
import { Envelope } from '../envelope/envelope';
import { MessagingOptions } from '../config/messaging-options';
import { upcastingRoutes } from '../envelope/upcast-routes';
import { ServiceStatusParts } from '../status/service-status-parts';
import { ServiceStatusReader } from '../status/service-status.reader';
import { withServiceStatus } from '../status/service-status.routes';
import { EventHandler, RequestHandler, Routes, Transport } from '../transport/transport';
import { MESSAGING_OPTIONS, MESSAGING_TRANSPORT } from './messaging.tokens';
import { RailyardContext } from './railyard.context';

/**
 * Nest's side of the bus: collects `@EventPattern` / `@MessagePattern` handlers and serves them
 * over the configured transport. Connect it with `connectBus(app)`. A message sent at an older
 * version of its contract is upcast before Nest (and the contract's pipe) sees it. A service that
 * serves requests also answers `<service>.admin.status` (status/service-status.routes.ts).
 */
@Injectable()
export class RailyardServer extends Server implements CustomTransportStrategy, OnModuleDestroy {
  constructor(
    @Inject(MESSAGING_TRANSPORT) private readonly transport: Transport,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly statusParts: ServiceStatusParts,
  ) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.transport.listen(this.collectRoutes());
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /**
   * Nest's shutdown runs onModuleDestroy, then beforeApplicationShutdown (the outbox relay's final
   * pass), then closes microservices (nest-application-context.js close()). Draining here lets the
   * relay publish what the draining handlers committed before the bus disconnects.
   */
  async onModuleDestroy(): Promise<void> {
    await this.transport.drain?.();
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  on(): never {
    throw new Error('RailyardServer has no events to listen to; use /health for its status');
  }

  unwrap<T>(): T {
    return this.transport as T;
  }

  private collectRoutes(): Routes {
    const events = new Map<string, EventHandler>();
    const requests = new Map<string, RequestHandler>();
    for (const [pattern, handler] of this.messageHandlers) {
      if (handler.isEventHandler) {
        events.set(pattern, async (envelope) => {
          await this.invoke(handler, envelope);
        });
      } else requests.set(pattern, (envelope) => this.invoke(handler, envelope));
    }
    const { service } = this.options;
    return withServiceStatus(
      upcastingRoutes({ events, requests }, CONTRACTS),
      service,
      new ServiceStatusReader(this.transport, this.options, this.statusParts),
    );
  }

  /** Runs Nest's wrapped handler (pipes, guards, interceptors, filters) and awaits its outcome. */
  private async invoke(handler: MessageHandler, envelope: Envelope): Promise<unknown> {
    const result = handler(envelope.payload, new RailyardContext([envelope]));
    return lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
  }
}
