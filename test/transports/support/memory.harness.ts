import { randomUUID } from 'node:crypto';
import {
  BusOptions,
  HEADER,
  MessagingOptionsFor,
  messagingOptionsFromEnv,
} from '@railyard/messaging';
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

  options(service: string, overrides: Partial<BusOptions> = {}): MessagingOptionsFor<'memory'> {
    const options = messagingOptionsFromEnv(service, {
      MESSAGING_MEMORY_BROKER: this.brokerName,
      ...CONFORMANCE_ENV,
      TRANSPORT: 'memory',
    });
    return { ...options, ...overrides };
  }

  unreachableOptions(service: string): MessagingOptionsFor<'memory'> {
    return { ...this.options(service, { publishTimeoutMs: 2_000 }), memory: { broker: '' } };
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
