import { createHash } from 'node:crypto';

/**
 * Every RabbitMQ name the transport uses, in one place (the harness and the topology read them too).
 *
 *   <exchange> (topic)        --"<shard>.<type>"->  <service>.events.<shard>   one per shard
 *   <deadLetterExchange>      --"<service>"------>  <service>.dead-letter
 *   default exchange          --"<service>.rpc"-->  <service>.rpc              requests
 *   default exchange          --queue name------>  <exchange>.unrouted.<type>  events nobody was bound to
 *   default exchange          --reply-to--------->  rpc.reply.<instanceId>     replies
 *   <service>.members (fanout) ----------------->  one exclusive queue per replica  who is alive
 */
const MAX_ROUTING_KEY_BYTES = 255;

export const eventQueueName = (service: string, shard: number): string =>
  `${service}.events.${shard}`;

/** Where a service's replicas announce themselves to share its shards (shard-membership.ts). */
export const membersExchangeName = (service: string): string => `${service}.members`;

export const deadLetterQueueName = (service: string): string => `${service}.dead-letter`;

/**
 * Where an event of `type` waits while no queue is bound to it. A type long enough to push the name
 * past AMQP's 255-byte limit is named by its hash instead (still one queue per type).
 */
export function unroutedQueueName(exchange: string, type: string): string {
  const name = `${exchange}.unrouted.${type}`;
  if (Buffer.byteLength(name, 'utf8') <= MAX_ROUTING_KEY_BYTES) return name;
  return `${exchange}.unrouted.sha256-${createHash('sha256').update(type).digest('hex')}`;
}

export const requestQueueName = (service: string): string => `${service}.rpc`;

export const replyQueueName = (instanceId: string): string => `rpc.reply.${instanceId}`;

/**
 * Topic routing and binding key of `type` in `shard`. Types may contain dots (they become words and
 * match exactly), but a `*` or `#` word would turn a binding into a wildcard, and AMQP caps keys at
 * 255 bytes: such types are refused instead of being silently mis-routed.
 */
export function eventRoutingKey(shard: number, type: string): string {
  const key = `${shard}.${type}`;
  if (type.split('.').some((word) => word === '*' || word === '#')) {
    throw new Error(
      `event type "${type}" has a "*" or "#" word, which RabbitMQ would treat as a wildcard`,
    );
  }
  if (Buffer.byteLength(key, 'utf8') > MAX_ROUTING_KEY_BYTES) {
    throw new Error(`event type "${type}" is too long for a RabbitMQ routing key`);
  }
  return key;
}
