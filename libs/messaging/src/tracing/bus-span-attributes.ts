import { Attributes } from '@opentelemetry/api';
import { TransportName } from '../config/messaging-options';
import { Envelope } from '../envelope/envelope';
import { MessagingOperationType } from './bus-semconv';

/**
 * What every bus span says about its message: one attribute per fact (issue 16). Until
 * 2026-12-07 the system and the correlation id were each set under two names as well
 * (`messaging.system`, `railyard.correlation_id`); every attribute is copied and validated by
 * the SDK, then written by the exporter, on each of the ~19 spans of a saga.
 *
 * Object literals with the keys written out (they are the constants of bus-semconv.ts), not
 * computed keys or a conditional spread: V8 builds a literal of a fixed shape from a boilerplate,
 * where `{ ...(system ? {…} : {}) }` went through its generic copy per message (this function was
 * ~130 µs of CPU per saga across the three services in the observability bench's profiles). The
 * SDK's cleaning of each attribute (a WeakSet per value, @opentelemetry/core 3.1 isAnyValue) and
 * the exporter's writing of it are what the two dropped names cost besides.
 */
export function busSpanAttributes(
  /** Unknown when a message is staged for later publishing (the outbox knows no transport). */
  system: TransportName | undefined,
  destination: string,
  operation: { type: MessagingOperationType; name: string },
  envelope: Envelope,
): Attributes {
  return {
    // Undefined for a staged message: the SDK skips an undefined value (cleanAttributes, @opentelemetry/core 3.1).
    'messaging.system.name': system,
    'messaging.destination.name': destination,
    'messaging.operation.type': operation.type,
    'messaging.operation.name': operation.name,
    'messaging.message.id': envelope.messageId,
    'messaging.message.conversation_id': envelope.correlationId,
    'railyard.aggregate_id': envelope.aggregateId,
  };
}
