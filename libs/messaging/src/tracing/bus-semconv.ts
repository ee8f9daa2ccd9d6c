/**
 * The messaging semantic-convention names the bus's spans use
 * (https://opentelemetry.io/docs/specs/semconv/messaging/messaging-spans/), written here rather than
 * imported: they live in @opentelemetry/semantic-conventions/incubating, which may break in a
 * minor release, and whose README asks instrumentations to copy what they use instead.
 * busSpanAttributes writes the per-message ones as literal keys (bus-span-attributes.spec.ts
 * checks they are these).
 */
/** Only the newer name: semconv 1.45 deprecates `messaging.system`, which is no longer set. */
export const ATTR_MESSAGING_SYSTEM_NAME = 'messaging.system.name';
export const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
export const ATTR_MESSAGING_MESSAGE_ID = 'messaging.message.id';
export const ATTR_MESSAGING_MESSAGE_CONVERSATION_ID = 'messaging.message.conversation_id';
export const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
export const ATTR_MESSAGING_OPERATION_NAME = 'messaging.operation.name';
export const ATTR_MESSAGING_CONSUMER_GROUP_NAME = 'messaging.consumer.group.name';
export const ATTR_ERROR_TYPE = 'error.type';

/** Values of messaging.operation.type (`publish` is the deprecated name of `send`). */
export type MessagingOperationType = 'create' | 'send' | 'process';

/** Railyard's own attributes. */
export const ATTR_RAILYARD_AGGREGATE_ID = 'railyard.aggregate_id';
/** How a delivery ended: handled, dead_lettered, aborted (process spans of events). */
export const ATTR_RAILYARD_OUTCOME = 'railyard.delivery.outcome';
export const ATTR_RAILYARD_ATTEMPT = 'railyard.delivery.attempt';
export const ATTR_RAILYARD_RETRY_DELAY_MS = 'railyard.delivery.retry_delay_ms';
/** The event a process span records for each failed attempt that will be retried. */
export const EVENT_ATTEMPT_FAILED = 'railyard.attempt_failed';
