import { randomUUID } from 'node:crypto';
import { HEADER, MessagingOptions, messagingOptionsFromEnv } from '@railyard/messaging';
import { CONFORMANCE_ENV, StoredDeadLetter, TransportHarness } from './transport-harness';
import { MemoryBroker } from '@railyard/messaging';
import { deadLetterHeaders } from '@railyard/messaging/testing';

/** How long restartBroker() keeps the broker refusing publishes. */
const BROKER_DOWN_MS = 1_000;

/**
 * The in-process broker of TRANSPORT=memory, one per harness: a test run does not see another's
 * queues. It has no network, so "unreachable" is a broker that was never named.
 */
class MemoryHarness implements TransportHarness {
  readonly name = 'memory' as const;
  readonly features = { competingConsumers: true, holdsMessagesWhileSubscriberDown: true };
  private readonly brokerName = `conformance-${randomUUID().slice(0, 8)}`;

  options(service: string, overrides: Partial<MessagingOptions> = {}): MessagingOptions {
    const options = messagingOptionsFromEnv(service, {
      TRANSPORT: 'memory',
      MESSAGING_MEMORY_BROKER: this.brokerName,
      ...CONFORMANCE_ENV,
    });
    return { ...options, ...overrides };
  }

  unreachableOptions(service: string): MessagingOptions {
    return this.options(service, { memory: { broker: '' }, publishTimeoutMs: 2_000 });
  }

  async readDeadLetters(service: string, types?: string[]): Promise<StoredDeadLetter[]> {
    const letters = this.broker.deadLettersOf(service).map((letter) => ({
      headers: deadLetterHeaders(letter),
      body: letter.body,
    }));
    return types ? letters.filter((l) => types.includes(l.headers[HEADER.type])) : letters;
  }

  async injectRaw(
    service: string,
    type: string,
    body: Buffer,
    headers: Record<string, string>,
  ): Promise<void> {
    this.broker.enqueueRaw(service, { type, headers, body });
  }

  restartBroker(): Promise<void> {
    return this.broker.restart(BROKER_DOWN_MS);
  }

  async dispose(): Promise<void> {
    MemoryBroker.discard(this.brokerName);
  }

  private get broker(): MemoryBroker {
    return MemoryBroker.named(this.brokerName);
  }
}

export const memoryHarness = new MemoryHarness();
