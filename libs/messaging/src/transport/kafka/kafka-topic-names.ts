import { namespaced } from '../../config/namespace';

/**
 * Every Kafka name the transport uses, each inside the bus's namespace (config/namespace.ts; ''
 * leaves them as they were before namespaces). Topic names allow [a-zA-Z0-9._-], at most 249
 * characters; event types and service names are used as they are (an illegal one fails loudly at
 * the broker), instance ids are sanitised because they embed a host name.
 */
const REPLY_PREFIX = 'rpc.reply.';
const MAX_NAME_LENGTH = 249;
const LEGAL_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

/** One topic per event type; the key is the aggregate id, so one aggregate is one partition. */
export const eventTopic = (namespace: string, type: string): string => namespaced(namespace, type);

/** A service's replicas share its events in this group; services fan out. */
export const eventGroup = (namespace: string, service: string): string =>
  namespaced(namespace, service);

/** Beside the topic it was consumed from, so it is in that topic's namespace already. */
export const deadLetterTopic = (sourceTopic: string): string => `${sourceTopic}.dlq`;

/** Requests to a service; its replicas compete for them in the consumer group `requestGroup`. */
export const requestTopic = (namespace: string, service: string): string =>
  namespaced(namespace, `rpc.${service}`);

export const requestGroup = (namespace: string, service: string): string =>
  namespaced(namespace, `${service}.rpc`);

/**
 * Replies to every instance of `service` (kafka-reply-channel.ts): one topic per service, not per
 * instance, so instances neither create nor leave topics behind.
 */
export const replyTopic = (namespace: string, service: string): string =>
  namespaced(namespace, `${REPLY_PREFIX}${sanitize(service)}`).slice(0, MAX_NAME_LENGTH);

/**
 * The reply consumer group of one instance. It never commits an offset, so the broker forgets it
 * once its member is gone, a crashed one included (after the session timeout).
 */
export const replyGroup = (namespace: string, instanceId: string): string =>
  namespaced(namespace, `${REPLY_PREFIX}${sanitize(instanceId)}`).slice(0, MAX_NAME_LENGTH);

/**
 * The throw-away group one dead-letter read goes through (kafka-log-reader.ts): it commits nothing
 * and is deleted after the read; `readId` makes it the read's own.
 */
export const deadLetterReaderGroup = (namespace: string, readId: string): string =>
  namespaced(namespace, `railyard.dlq-reader.${readId}`);

/**
 * A requester may only name a reply topic of this namespace: a forged reply-to must not write into
 * event topics, nor into another system's replies.
 */
export function isReplyTopic(namespace: string, name: string): boolean {
  const prefix = namespaced(namespace, REPLY_PREFIX);
  return name.length > prefix.length && name.startsWith(prefix) && LEGAL_NAME.test(name);
}

export const sanitize = (name: string): string => name.replace(/[^a-zA-Z0-9._-]/g, '-');
