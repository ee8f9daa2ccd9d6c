import { Injectable, Logger } from '@nestjs/common';
import { ServiceStatusPartsView } from '@railyard/contracts';
import { withTimeout } from '../util/with-timeout';

/** How long a status answer waits for one part (a database query): the console asks every second. */
export const STATUS_PART_TIMEOUT_MS = 800;

export type StatusPartName = keyof ServiceStatusPartsView;
export type StatusPartReader<K extends StatusPartName> = () => Promise<
  NonNullable<ServiceStatusPartsView[K]>
>;

/**
 * What the other libs add to their service's status answer (`<service>.admin.status`): the
 * outbox's backlog from @railyard/persistence, saga counts from @railyard/saga. Each registers its
 * reader once at start (this is a provider of MessagingModule), so the bus serves the status
 * without depending on them, and no app wires anything.
 */
@Injectable()
export class ServiceStatusParts {
  private readonly logger = new Logger('ServiceStatus');
  private readonly readers = new Map<StatusPartName, () => Promise<unknown>>();
  private readonly failing = new Set<StatusPartName>();

  add<K extends StatusPartName>(name: K, read: StatusPartReader<K>): void {
    if (this.readers.has(name)) throw new Error(`status part "${name}" is registered already`);
    this.readers.set(name, read);
  }

  /**
   * Every part, read in parallel. A part that fails or is late is left out of this answer (its
   * lib's health check reports why) rather than holding the others back.
   */
  async read(timeoutMs = STATUS_PART_TIMEOUT_MS): Promise<ServiceStatusPartsView> {
    const parts = await Promise.all(
      [...this.readers].map(async ([name, read]) => {
        try {
          const value = await withTimeout(
            read(),
            timeoutMs,
            () => new Error(`not read within ${timeoutMs} ms`),
          );
          this.recovered(name);
          return [[name, value]];
        } catch (error) {
          this.failed(name, error as Error);
          return [];
        }
      }),
    );
    return Object.fromEntries(parts.flat()) as ServiceStatusPartsView;
  }

  /** Once per outage: the console asks every second. */
  private failed(name: StatusPartName, error: Error): void {
    if (!this.failing.has(name)) {
      this.logger.warn(`status part "${name}" left out: ${error.message}`);
    }
    this.failing.add(name);
  }

  private recovered(name: StatusPartName): void {
    if (this.failing.delete(name)) this.logger.log(`status part "${name}" read again`);
  }
}
