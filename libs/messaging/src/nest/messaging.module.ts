import {
  Logger,
  OnApplicationBootstrap,
  DynamicModule,
  FactoryProvider,
  Inject,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import { MessagingOptions } from '../config/messaging-options';
import { messagingOptionsFromEnv } from '../config/messaging-options.from-env';
import { createTransport } from '../transport/create-transport';
import { Transport } from '../transport/transport';
import { MessageBus } from './message-bus.service';
import { MESSAGING_OPTIONS, MESSAGING_TRANSPORT } from './messaging.tokens';
import { RailyardClient } from './railyard.client';
import { RailyardServer } from './railyard.server';

export interface MessagingModuleOptions {
  /** This service's logical name: consumer group, queue prefix, TCP peer name. */
  service: string;
}

export interface MessagingModuleAsyncOptions {
  useFactory: (...args: never[]) => MessagingOptions | Promise<MessagingOptions>;
  inject?: FactoryProvider['inject'];
  imports?: DynamicModule['imports'];
}

/**
 * The bus for one service. `forRoot({ service })` reads TRANSPORT and its settings from the
 * environment (validated; a bad value stops the start naming the variable).
 */
@Module({})
export class MessagingModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(MESSAGING_TRANSPORT) private readonly transport: Transport) {}

  static forRoot({ service }: MessagingModuleOptions): DynamicModule {
    return MessagingModule.forRootAsync({ useFactory: () => messagingOptionsFromEnv(service) });
  }

  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        {
          provide: MESSAGING_OPTIONS,
          useFactory: options.useFactory,
          inject: options.inject ?? [],
        },
        {
          provide: MESSAGING_TRANSPORT,
          useFactory: (resolved: MessagingOptions) => createTransport(resolved),
          inject: [MESSAGING_OPTIONS],
        },
        MessageBus,
        RailyardClient,
        RailyardServer,
      ],
      exports: [MESSAGING_OPTIONS, MESSAGING_TRANSPORT, MessageBus, RailyardClient, RailyardServer],
    };
  }

  /**
   * Connects at start even a process that only publishes or requests (the gateway), so readiness
   * tells the truth from the first probe. A broker that is down is retried by the transport.
   */
  onApplicationBootstrap(): void {
    this.transport.connect().catch((error: unknown) => {
      new Logger('Messaging').warn(`bus not connected yet: ${(error as Error).message}`);
    });
  }

  /** A client-only process (no handlers) still has connections to close. Idempotent. */
  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }
}
