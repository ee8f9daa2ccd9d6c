import {
  Inject,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { Transport } from '../transport/transport';
import {
  ConfigurableMessagingModule,
  MESSAGING_MODULE_ASYNC_OPTIONS_TYPE,
  MESSAGING_MODULE_OPTIONS_TYPE,
} from './messaging-module.definition';
import { MESSAGING_TRANSPORT } from './messaging.tokens';

/** `MessagingModule.forRoot(…)`'s argument: module options, and `global` (true by default). */
export type MessagingModuleForRootOptions = typeof MESSAGING_MODULE_OPTIONS_TYPE;
/** `MessagingModule.forRootAsync(…)`'s argument: a factory of the module options. */
export type MessagingModuleAsyncOptions = typeof MESSAGING_MODULE_ASYNC_OPTIONS_TYPE;

/**
 * The bus for one service. `forRoot({ service })` takes TRANSPORT and its settings from the app's
 * validated configuration (validatedConfigModule with a schema that merges messagingEnvSchema);
 * `forRoot({ options })` takes resolved settings whole; `forRootAsync({ useFactory, inject })`
 * computes either.
 */
@Module({})
export class MessagingModule
  extends ConfigurableMessagingModule
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  constructor(@Inject(MESSAGING_TRANSPORT) private readonly transport: Transport) {
    super();
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
