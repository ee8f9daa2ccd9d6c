import { DeadLetter } from '../../delivery/inbound-message';
import { HEADER } from '../../envelope/envelope-headers';
import { KafkaInboundMessage } from './kafka-inbound';
import { KAFKA_HEADER } from './kafka-headers';
import { OutboundRecord } from './kafka-publisher';
import { deadLetterTopic } from './kafka-topic-names';

/** A handler's error can be huge (stack, payload echo); the dead letter keeps a readable head. */
const MAX_ERROR_CHARS = 4_000;

/**
 * The dead letter of a message consumed from `dl.source`: original key, body and headers, plus
 * why it died, in `<source>.dlq`. The key keeps one aggregate's dead letters in one partition.
 */
export function deadLetterRecord(dl: DeadLetter, service: string): OutboundRecord {
  const { key } = dl as DeadLetter & Partial<Pick<KafkaInboundMessage, 'key'>>;
  return {
    topic: deadLetterTopic(dl.source),
    key: key ?? null,
    value: dl.body,
    headers: {
      ...dl.headers,
      [HEADER.error]: dl.error.slice(0, MAX_ERROR_CHARS),
      [HEADER.attempts]: String(dl.attempts),
      [HEADER.deadLetterReason]: dl.reason,
      [HEADER.source]: dl.source,
      [KAFKA_HEADER.deadLetteredBy]: service,
    },
  };
}
