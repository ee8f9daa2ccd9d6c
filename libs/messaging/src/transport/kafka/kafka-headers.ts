import { IHeaders } from 'kafkajs';
import { WireHeaders } from '../../envelope/envelope-headers';

/** Headers only the Kafka transport writes; everything else is in HEADER. */
export const KAFKA_HEADER = {
  /** Epoch ms after which the requester no longer waits: stale requests are skipped, not served. */
  deadline: 'rl-kafka-deadline',
  /** The partition of the reply topic (`rl-reply-to`) the requester reads (kafka-reply-channel.ts). */
  replyPartition: 'rl-kafka-reply-partition',
  /** Service whose consumer dead-lettered the message (fan-out services share `<type>.dlq`). */
  deadLetteredBy: 'rl-kafka-dead-lettered-by',
  /**
   * On a settled mark (kafka-dead-letter.store.ts): the service that replayed or discarded the dead
   * letter whose id is the mark's key. Not deadLetteredBy, so a mark is never taken for a letter.
   */
  deadLetterSettledBy: 'rl-kafka-dead-letter-settled-by',
} as const;

const DATA_PROPERTY = (value: string): PropertyDescriptor => ({
  value,
  enumerable: true,
  writable: true,
  configurable: true,
});

/**
 * kafkajs headers as a string map. Values arrive as Buffers, or arrays for a repeated name (the
 * last one wins, like Java's `lastHeader`). A header called `__proto__` is defined as an own
 * property, so it is data, not a prototype swap; the others are assigned (defining each cost ~1.6 us
 * a message against plain assignment).
 */
export function decodeKafkaHeaders(headers: IHeaders | undefined): WireHeaders {
  const decoded: WireHeaders = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value === undefined) continue;
    const text = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
    if (name !== '__proto__') decoded[name] = text;
    else Object.defineProperty(decoded, name, DATA_PROPERTY(text));
  }
  return decoded;
}
