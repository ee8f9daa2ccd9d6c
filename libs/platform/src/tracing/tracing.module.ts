import { Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { shutdownTracing } from './start-tracing';

/**
 * Flushes and stops the tracing startTracing set up when the app closes. On shutdown, not before:
 * the bus and the outbox relay still publish (and trace) in the earlier hooks.
 */
@Module({})
export class TracingModule implements OnApplicationShutdown {
  private readonly logger = new Logger(TracingModule.name);

  async onApplicationShutdown(): Promise<void> {
    try {
      await shutdownTracing();
    } catch (error) {
      // A collector that is down must not fail the shutdown; its spans are lost either way.
      this.logger.warn(`flushing traces failed: ${(error as Error).message}`);
    }
  }
}
