import { DeadLetter } from '../../delivery/inbound-message';
import { HEADER, WireHeaders } from '../../envelope/envelope-headers';
import { deadLetterEntry } from '../dead-letter-entry';
import { DeadLetterEntry } from '../dead-letter-store';
import { ListedDeadLetterStore } from '../listed-dead-letter.store';
import { MemoryBroker } from './memory-broker';

/**
 * The memory broker's dead letters of one service, for tests of dead-letter operations. A replay
 * puts the original headers and body back in the service's own queue (its destination, as a
 * RabbitMQ shard queue is), then forgets the letter.
 */
export class MemoryDeadLetterStore extends ListedDeadLetterStore<Stored> {
  constructor(
    private readonly broker: () => MemoryBroker,
    private readonly service: string,
    /** The headers a stored letter shows, as the broker transports write them. */
    private readonly headersOf: (letter: DeadLetter) => WireHeaders,
  ) {
    super();
  }

  protected entryOf({ id, letter }: Stored): DeadLetterEntry {
    return deadLetterEntry(id, {
      headers: this.headersOf(letter),
      body: letter.body,
      storedAt: new Date(Number(id.slice(0, 15))).toISOString(),
    });
  }

  protected async redeliver({ letter }: Stored, body = letter.body): Promise<void> {
    const type = letter.headers[HEADER.type] ?? 'unknown';
    this.broker().enqueueRaw(this.service, { type, headers: letter.headers, body });
  }

  protected async settled({ letter }: Stored): Promise<void> {
    this.broker().removeDeadLetter(this.service, letter);
  }

  protected async letters(): Promise<Stored[]> {
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
