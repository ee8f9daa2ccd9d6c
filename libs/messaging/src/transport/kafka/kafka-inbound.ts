import { KafkaMessage } from 'kafkajs';
import { InboundMessage } from '../../delivery/inbound-message';
import { decodeKafkaHeaders } from './kafka-headers';

/**
 * An inbound message that remembers its Kafka key. The pipeline builds a dead letter by spreading
 * the message, so the key reaches writeDeadLetter and the dead letter keeps the partitioning.
 */
export interface KafkaInboundMessage extends InboundMessage {
  readonly key: Buffer | null;
}

const EMPTY = Buffer.alloc(0);

/** A null value (tombstone) becomes an empty body: the pipeline dead-letters it as not-JSON. */
export function toInboundMessage(topic: string, message: KafkaMessage): KafkaInboundMessage {
  return {
    source: topic,
    headers: decodeKafkaHeaders(message.headers),
    body: message.value ?? EMPTY,
    key: message.key ?? null,
  };
}
