import { DeadLetter } from '../../delivery/inbound-message';
import { HEADER, WireHeaders } from '../../envelope/envelope-headers';
import { deadLetterEntry } from '../dead-letter-entry';
import { pageOf, selectLetters } from '../dead-letter-selection';
import {
  DeadLetterEntry,
  DeadLetterOutcome,
  DeadLetterPage,
  DeadLetterSelection,
  DeadLetterStore,
} from '../dead-letter-store';
import { MemoryBroker } from './memory-broker';

/**
 * The memory broker's dead letters of one service, for tests of dead-letter operations. A replay
 * puts the original headers and body back in the service's own queue (its destination, as a
 * RabbitMQ shard queue is), then forgets the letter.
 */
export class MemoryDeadLetterStore implements DeadLetterStore {
  constructor(
    private readonly broker: () => MemoryBroker,
    private readonly service: string,
    /** The headers a stored letter shows, as the broker transports write them. */
    private readonly headersOf: (letter: DeadLetter) => WireHeaders,
  ) {}

  async list(query: { limit: number; after?: string }): Promise<DeadLetterPage> {
    const { page, next } = pageOf(this.letters(), query);
    return { entries: page.map((stored) => this.toEntry(stored)), next };
  }

  async show(id: string): Promise<DeadLetterEntry | undefined> {
    const letter = this.letters().find((candidate) => candidate.id === id);
    return letter && this.toEntry(letter);
  }

  replay(selection: DeadLetterSelection): Promise<DeadLetterOutcome> {
    return this.settle(selection, ({ letter }) => {
      const type = letter.headers[HEADER.type] ?? 'unknown';
      this.broker().enqueueRaw(this.service, { type, headers: letter.headers, body: letter.body });
    });
  }

  discard(selection: DeadLetterSelection): Promise<DeadLetterOutcome> {
    return this.settle(selection, () => undefined);
  }

  private async settle(
    selection: DeadLetterSelection,
    act: (stored: Stored) => void,
  ): Promise<DeadLetterOutcome> {
    const { targets, missing } = selectLetters(this.letters(), selection);
    const done: string[] = [];
    for (const stored of targets) {
      act(stored);
      this.broker().removeDeadLetter(this.service, stored.letter);
      done.push(stored.id);
    }
    return { done, missing, remaining: this.letters().length };
  }

  private toEntry({ id, letter }: Stored): DeadLetterEntry {
    return deadLetterEntry(id, {
      headers: this.headersOf(letter),
      body: letter.body,
      storedAt: new Date(Number(id.slice(0, 15))).toISOString(),
    });
  }

  private letters(): Stored[] {
    const broker = this.broker();
    return broker
      .deadLettersOf(this.service)
      .map((letter) => ({ id: broker.deadLetterIdOf(letter), letter }));
  }
}

interface Stored {
  id: string;
  letter: DeadLetter;
}
