import { DynamicModule, Module } from '@nestjs/common';
import { MessagingModule, messagingOptionsFromEnv } from '@railyard/messaging';

export interface MemoryBusOptions {
  /** The in-process broker the test's services share; one per test file keeps files apart. */
  broker: string;
  /** Handler attempts before a dead letter; 3 by default, with short backoffs. */
  retryAttempts?: number;
}

/**
 * The bus of one service under test, on TRANSPORT=memory: import it instead of
 * `MessagingModule.forRoot({ service })`. Every service of the test that names the same broker
 * reaches the others, with the semantics the conformance suite holds the real transports to.
 */
@Module({})
export class MemoryBusModule {
  static forService(
    service: string,
    { broker, retryAttempts = 3 }: MemoryBusOptions,
  ): DynamicModule {
    return MessagingModule.forRoot({
      options: messagingOptionsFromEnv(service, {
        TRANSPORT: 'memory',
        MESSAGING_MEMORY_BROKER: broker,
        MESSAGING_RETRY_ATTEMPTS: String(retryAttempts),
        MESSAGING_RETRY_BASE_MS: '10',
        MESSAGING_RETRY_MAX_MS: '100',
        MESSAGING_SHUTDOWN_TIMEOUT_MS: '2000',
      }),
    });
  }
}
