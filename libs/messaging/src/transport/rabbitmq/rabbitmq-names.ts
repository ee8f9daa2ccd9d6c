import { createHash } from 'node:crypto';
import { namespaced } from '../../config/namespace';
import { RabbitMqOptions } from './rabbitmq.options';

/**
 * Every RabbitMQ name the transport uses, in one place (the harness and the topology read them too),
 * each inside the bus's namespace (`<ns>.` before every exchange and queue; '' adds nothing):
 *
 *   <exchange> (topic)        --"<shard>.<type>"->  <service>.events.<shard>   one per shard
 *   <deadLetterExchange>      --"<service>"------>  <service>.dead-letter
 *   default exchange          --"<service>.rpc"-->  <service>.rpc              requests
 *   default exchange          --queue name------>  <exchange>.unrouted.<type>  events nobody was bound to
 *   default exchange          --reply-to--------->  rpc.reply.<instanceId>     replies
 *   <service>.members (fanout) ----------------->  one exclusive queue per replica  who is alive
 *
 * Routing keys stay as they are: each namespace has exchanges of its own.
 */
const MAX_ROUTING_KEY_BYTES = 255;

/** What the exchange names are built from: the namespace and the RabbitMQ block's base names. */
export interface RabbitMqScope {
  readonly namespace: string;
  readonly rabbitmq: Pick<RabbitMqOptions, 'exchange' | 'deadLetterExchange'>;
}

/** The topic exchange events are published to. */
export const eventExchangeName = (scope: RabbitMqScope): string =>
  namespaced(scope.namespace, scope.rabbitmq.exchange);

export const deadLetterExchangeName = (scope: RabbitMqScope): string =>
  namespaced(scope.namespace, scope.rabbitmq.deadLetterExchange);

export const eventQueueName = (namespace: string, service: string, shard: number): string =>
  namespaced(namespace, `${service}.events.${shard}`);

/** Where a service's replicas announce themselves to share its shards (shard-membership.ts). */
export const membersExchangeName = (namespace: string, service: string): string =>
  namespaced(namespace, `${service}.members`);

export const deadLetterQueueName = (namespace: string, service: string): string =>
  namespaced(namespace, `${service}.dead-letter`);

/**
 * Where an event of `type` waits while no queue is bound to it, beside `exchange` as declared
 * (eventExchangeName: in the namespace already). A type long enough to push the name past AMQP's
 * 255-byte limit is named by its hash instead (still one queue per type).
 */
export function unroutedQueueName(exchange: string, type: string): string {
  const name = `${exchange}.unrouted.${type}`;
  if (Buffer.byteLength(name, 'utf8') <= MAX_ROUTING_KEY_BYTES) return name;
  return `${exchange}.unrouted.sha256-${createHash('sha256').update(type).digest('hex')}`;
}

export const requestQueueName = (namespace: string, service: string): string =>
  namespaced(namespace, `${service}.rpc`);

export const replyQueueName = (namespace: string, instanceId: string): string =>
  namespaced(namespace, `rpc.reply.${instanceId}`);

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
