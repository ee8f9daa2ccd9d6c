/**
 * Every Kafka name the transport uses. Topic names allow [a-zA-Z0-9._-], at most 249 characters;
 * event types and service names are used as they are (an illegal one fails loudly at the broker),
 * instance ids are sanitised because they embed a host name.
 */
const REPLY_PREFIX = 'rpc.reply.';

/** One topic per event type; the key is the aggregate id, so one aggregate is one partition. */
export const eventTopic = (type: string): string => type;

export const deadLetterTopic = (sourceTopic: string): string => `${sourceTopic}.dlq`;

/** Requests to a service; its replicas compete for them in the consumer group `requestGroup`. */
export const requestTopic = (service: string): string => `rpc.${service}`;

export const requestGroup = (service: string): string => `${service}.rpc`;

/** One single-partition reply topic (and consumer group) per transport instance. */
export const replyTopic = (instanceId: string): string =>
  `${REPLY_PREFIX}${sanitize(instanceId)}`.slice(0, 249);

/** A requester may only name a reply topic: a forged reply-to must not write into event topics. */
export const isReplyTopic = (name: string): boolean =>
  name.length > REPLY_PREFIX.length &&
  name.startsWith(REPLY_PREFIX) &&
  /^[a-zA-Z0-9._-]{1,249}$/.test(name);

export const sanitize = (name: string): string => name.replace(/[^a-zA-Z0-9._-]/g, '-');
