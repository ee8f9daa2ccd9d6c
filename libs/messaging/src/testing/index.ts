/**
 * `@railyard/messaging/testing`: what the repository's transport, chaos and security tests need of
 * the transports' insides (queue and topic names, the TCP frame codec, dead-letter readers), as a
 * public entry, so that nothing imports past a lib's index. Not for applications: these change
 * with the transports.
 */
export { decodeKafkaHeaders, KAFKA_HEADER } from '../transport/kafka/kafka-headers';
export {
  deadLetterTopic,
  eventGroup,
  eventTopic,
  replyGroup,
  replyTopic,
  requestGroup,
  requestTopic,
} from '../transport/kafka/kafka-topic-names';
export { topicMaxMessageBytes } from '../transport/kafka/kafka-tuning';
export { deadLetterHeaders } from '../transport/memory/memory.transport';
export { toWireHeaders } from '../transport/rabbitmq/amqp-headers';
export {
  deadLetterExchangeName,
  deadLetterQueueName,
  eventExchangeName,
  eventQueueName,
  membersExchangeName,
  requestQueueName,
  unroutedQueueName,
} from '../transport/rabbitmq/rabbitmq-names';
export { shardOf } from '../transport/rabbitmq/shard-of';
export { readDeadLetterFile } from '../transport/tcp/dead-letter-file';
export { FrameDecoder } from '../transport/tcp/frame-decoder';
export {
  encodeFrame,
  FrameKind,
  LENGTH_PREFIX_BYTES,
  maxFrameBytes,
  TCP_HEADER,
} from '../transport/tcp/tcp-frame';
export type { TcpTuning } from '../transport/tcp/tcp-tuning';
