import type { Channel, Options, Replies } from 'amqplib';
import {
  deadLetterExchangeName,
  deadLetterQueueName,
  eventExchangeName,
  eventQueueName,
  eventRoutingKey,
  membersExchangeName,
  RabbitMqScope,
  replyQueueName,
  requestQueueName,
  unroutedQueueName,
} from './rabbitmq-names';
import { RabbitMqOptions } from './rabbitmq.options';

/** The bus options the declarations read: the namespace and the RabbitMQ block. */
export interface TopologyScope extends RabbitMqScope {
  readonly rabbitmq: RabbitMqOptions;
}

/**
 * The only place that declares exchanges and queues. RabbitMQ closes the channel with 406
 * PRECONDITION_FAILED when one name is declared twice with different options
 * (docs/pitfalls.md#rabbitmq-precondition), so every process, and the test harness, declares
 * through these functions. All declarations are idempotent and are re-run after each reconnect.
 */

/**
 * Shard queues: durable; one consumer at a time per queue (instances of a service share the shards
 * like Kafka partitions, each shard stays in order); anything the broker itself dead-letters (an
 * operator's TTL or max-length policy, a manual reject) lands in the service's dead-letter queue
 * instead of vanishing. Changing these arguments needs the queues deleted first.
 */
export function eventQueueArguments(
  scope: RabbitMqScope,
  service: string,
): Record<string, unknown> {
  return {
    'x-single-active-consumer': true,
    'x-dead-letter-exchange': deadLetterExchangeName(scope),
    'x-dead-letter-routing-key': service,
  };
}

export async function declareExchanges(channel: Channel, scope: RabbitMqScope): Promise<void> {
  await channel.assertExchange(eventExchangeName(scope), 'topic', { durable: true });
  await channel.assertExchange(deadLetterExchangeName(scope), 'direct', { durable: true });
}

export async function declareDeadLetterQueue(
  channel: Channel,
  scope: RabbitMqScope,
  service: string,
): Promise<string> {
  const queue = deadLetterQueueName(scope.namespace, service);
  await channel.assertQueue(queue, { durable: true });
  await channel.bindQueue(queue, deadLetterExchangeName(scope), service);
  return queue;
}

/**
 * Declares the shard queues and binds each type to each shard (`<n>.<type>` → `<service>.events.<n>`);
 * returns the queues. Each binding costs the broker a Mnesia transaction (~5 ms here), so a service
 * pays partitions × types of them on every (re)connect: keep both small.
 */
export async function declareEventQueues(
  channel: Channel,
  scope: TopologyScope,
  service: string,
  types: Iterable<string>,
): Promise<string[]> {
  const queues: string[] = [];
  for (let shard = 0; shard < scope.rabbitmq.partitions; shard++) {
    queues.push(await declareEventQueue(channel, scope, service, shard, types));
  }
  return queues;
}

/** One shard queue and its bindings: none with no `types` (cheap, checks the queue is there). */
export async function declareEventQueue(
  channel: Channel,
  scope: TopologyScope,
  service: string,
  shard: number,
  types: Iterable<string>,
): Promise<string> {
  const queue = eventQueueName(scope.namespace, service, shard);
  await channel.assertQueue(queue, {
    durable: true,
    arguments: eventQueueArguments(scope, service),
  });
  const exchange = eventExchangeName(scope);
  for (const type of types) {
    await channel.bindQueue(queue, exchange, eventRoutingKey(shard, type));
  }
  return queue;
}

/**
 * The service's membership exchange and this replica's own queue on it, owned by this connection
 * (RabbitMQ deletes it when the process goes away) and server-named; returns the queue.
 */
export async function declareMembersQueue(
  channel: Channel,
  namespace: string,
  service: string,
): Promise<string> {
  const exchange = membersExchangeName(namespace, service);
  await channel.assertExchange(exchange, 'fanout', { durable: true });
  const { queue } = await channel.assertQueue('', {
    durable: false,
    exclusive: true,
    autoDelete: true,
  });
  await channel.bindQueue(queue, exchange, '');
  return queue;
}

/**
 * Durable, so a caller that reconnects before the service does still finds it after a broker
 * restart; requests themselves are transient and expire with the caller's timeout.
 */
export async function declareRequestQueue(
  channel: Channel,
  namespace: string,
  service: string,
): Promise<string> {
  const queue = requestQueueName(namespace, service);
  await channel.assertQueue(queue, { durable: true });
  return queue;
}

/** Owned by this connection: RabbitMQ deletes it when the process goes away. */
export async function declareReplyQueue(
  channel: Channel,
  namespace: string,
  instanceId: string,
): Promise<string> {
  const queue = replyQueueName(namespace, instanceId);
  await channel.assertQueue(queue, { durable: false, exclusive: true, autoDelete: true });
  return queue;
}

/** A channel or a ChannelWrapper: both declare queues. */
export interface QueueDeclarer {
  assertQueue(queue: string, options?: Options.AssertQueue): Promise<Replies.AssertQueue>;
}

/**
 * The holding queue of one event type (see unrouted-event.holder.ts). Durable and WITHOUT queue
 * arguments on purpose: retention is set per message, so changing MESSAGING_UNROUTED_RETENTION_MS
 * never makes this declaration conflict (406) with a queue an earlier version declared. Operators
 * who also want a length cap add a policy (`max-length`), which never conflicts either.
 */
export async function declareUnroutedQueue(
  channel: QueueDeclarer,
  scope: RabbitMqScope,
  type: string,
): Promise<string> {
  const queue = unroutedQueueName(eventExchangeName(scope), type);
  await channel.assertQueue(queue, { durable: true });
  return queue;
}
