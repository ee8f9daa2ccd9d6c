import { ServiceStatusView } from '@railyard/contracts';
import { MessagingOptions } from '../config/messaging-options';
import { MessagingMetrics } from '../delivery/messaging-metrics';
import { Transport } from '../transport/transport';
import { DeadLetterCount } from './dead-letter-count';
import { ServiceStatusParts } from './service-status-parts';

/** Reads the counters every transport keeps (BaseTransport's `metrics`), when it keeps them. */
const countersOf = (transport: Transport) =>
  ((transport as { metrics?: MessagingMetrics }).metrics ?? new MessagingMetrics()).snapshot();

/** One instance's answer to `<service>.admin.status`: its bus's own figures and the libs' parts. */
export class ServiceStatusReader {
  private readonly deadLetters?: DeadLetterCount;

  constructor(
    private readonly transport: Transport,
    private readonly options: Pick<MessagingOptions, 'service' | 'instanceId'>,
    private readonly parts: ServiceStatusParts,
  ) {
    const store = transport.deadLetters?.();
    if (store) this.deadLetters = new DeadLetterCount(store);
  }

  async read(): Promise<ServiceStatusView> {
    const [parts, deadLetters] = await Promise.all([
      this.parts.read(),
      this.deadLetters?.current() ?? null,
    ]);
    return {
      service: this.options.service,
      transport: this.transport.name,
      instance: this.options.instanceId,
      bus: countersOf(this.transport),
      ...parts,
      deadLetters,
    };
  }
}
