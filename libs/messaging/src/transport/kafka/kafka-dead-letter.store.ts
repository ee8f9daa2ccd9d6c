import { createHash } from 'node:crypto';
import { HEADER, WireHeaders } from '../../envelope/envelope-headers';
import { deadLetterEntry, originalHeaders } from '../dead-letter-entry';
import { DeadLetterEntry } from '../dead-letter-store';
import { ListedDeadLetterStore } from '../listed-dead-letter.store';
import { decodeKafkaHeaders, KAFKA_HEADER } from './kafka-headers';
import { LogRecord } from './kafka-log-reader';
import { OutboundRecord } from './kafka-publisher';

/** What the store needs of the transport. */
export interface KafkaDeadLetterAccess {
  readonly service: string;
  /** The `<topic>.dlq` topics this service dead-letters into (those of what it consumes). */
  deadLetterTopics(): readonly string[];
  /** Every record of `topics` up to their current end (kafka-log-reader.ts). */
  read(topics: readonly string[]): Promise<LogRecord[]>;
  /** Produces one record and resolves once every in-sync replica has it. */
  send(record: OutboundRecord): Promise<void>;
}

interface Letter {
  id: string;
  record: LogRecord;
  headers: WireHeaders;
}

/**
 * A Kafka service's dead letters for operators. `<topic>.dlq` is a log shared by every service
 * consuming `<topic>` (each letter names its service in rl-kafka-dead-lettered-by) and a log cannot
 * delete one record, nor can one committed offset skip a single letter in the middle. So settling
 * (replaying or discarding) a letter appends a mark to the same topic: an empty record keyed by the
 * letter's id with rl-kafka-dead-letter-settled-by. Reading takes the topics to their current end
 * and drops letters that have a mark. Marks age out with the topic's retention, after the letters
 * they mark (they were written later), so nothing grows beyond what retention already bounds.
 *
 * A replay produces the original key, headers and body (same message id) to the topic the letter
 * was consumed from, waits for the broker's acks, and only then writes the mark: a crash in between
 * replays it again, and inboxes deduplicate. The topic is the event's own, so every service
 * consuming it receives the replay; the others' inboxes drop it as already handled.
 *
 * An id is `<record time, epoch ms, 15 digits>-<sha256 of topic, 8 hex>-<partition>-<offset>`:
 * unique, and ordered by time, so `after` keeps its place once the letter it names is gone.
 * Calls run one at a time; each reads the topics once (a consumer group of its own, joined and
 * deleted per call: seconds, not milliseconds).
 */
export class KafkaDeadLetterStore extends ListedDeadLetterStore<Letter> {
  constructor(private readonly access: KafkaDeadLetterAccess) {
    super();
  }

  protected entryOf({ id, record, headers }: Letter): DeadLetterEntry {
    const { [KAFKA_HEADER.deadLetteredBy]: _by, ...rest } = headers;
    return deadLetterEntry(id, {
      headers: rest,
      body: record.message.value ?? Buffer.alloc(0),
      storedAt: new Date(Number(record.message.timestamp) || 0).toISOString(),
    });
  }

  protected async redeliver({ id, record, headers }: Letter, body?: Buffer): Promise<void> {
    const destination = headers[HEADER.source];
    if (!destination) throw new Error(`dead letter ${id} names no topic to replay to`);
    const { [KAFKA_HEADER.deadLetteredBy]: _by, ...original } = originalHeaders(headers);
    await this.access.send({
      topic: destination,
      key: record.message.key ?? null,
      value: body ?? record.message.value ?? Buffer.alloc(0),
      headers: original,
    });
  }

  protected settled(letter: Letter): Promise<void> {
    return this.access.send({
      topic: letter.record.topic,
      key: letter.id,
      value: Buffer.alloc(0),
      headers: { [KAFKA_HEADER.deadLetterSettledBy]: this.access.service },
    });
  }

  /** Not read again (a read joins a group: seconds): what a failed replay stored anew is not counted. */
  protected override async remaining(before: number, done: number): Promise<number> {
    return before - done;
  }

  /** This service's letters without a mark, oldest first. */
  protected async letters(): Promise<Letter[]> {
    const { service } = this.access;
    const records = await this.access.read(this.access.deadLetterTopics());
    const settled = new Set<string>();
    const letters: Letter[] = [];
    for (const record of records) {
      const headers = decodeKafkaHeaders(record.message.headers);
      if (headers[KAFKA_HEADER.deadLetterSettledBy] === service) {
        settled.add(record.message.key?.toString('utf8') ?? '');
      } else if (headers[KAFKA_HEADER.deadLetteredBy] === service) {
        letters.push({ id: idOf(record), record, headers });
      }
    }
    return letters
      .filter((letter) => !settled.has(letter.id))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

function idOf({ topic, partition, message }: LogRecord): string {
  const time = String(Number(message.timestamp) || 0).padStart(15, '0');
  const topicHash = createHash('sha256').update(topic).digest('hex').slice(0, 8);
  return `${time}-${topicHash}-${partition}-${message.offset}`;
}
