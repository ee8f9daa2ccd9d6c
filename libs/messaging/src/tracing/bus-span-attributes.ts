import { Attributes } from '@opentelemetry/api';
import { TransportName } from '../config/messaging-options';
import { Envelope } from '../envelope/envelope';
import {
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_CONVERSATION_ID,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  ATTR_MESSAGING_SYSTEM_NAME,
  ATTR_RAILYARD_AGGREGATE_ID,
  ATTR_RAILYARD_CORRELATION_ID,
  MessagingOperationType,
} from './bus-semconv';

/** What every bus span says about its message. */
export function busSpanAttributes(
  /** Unknown when a message is staged for later publishing (the outbox knows no transport). */
  system: TransportName | undefined,
  destination: string,
  operation: { type: MessagingOperationType; name: string },
  envelope: Envelope,
): Attributes {
  return {
    ...(system ? { [ATTR_MESSAGING_SYSTEM]: system, [ATTR_MESSAGING_SYSTEM_NAME]: system } : {}),
    [ATTR_MESSAGING_DESTINATION_NAME]: destination,
    [ATTR_MESSAGING_OPERATION_TYPE]: operation.type,
    [ATTR_MESSAGING_OPERATION_NAME]: operation.name,
    [ATTR_MESSAGING_MESSAGE_ID]: envelope.messageId,
    [ATTR_MESSAGING_MESSAGE_CONVERSATION_ID]: envelope.correlationId,
    [ATTR_RAILYARD_CORRELATION_ID]: envelope.correlationId,
    [ATTR_RAILYARD_AGGREGATE_ID]: envelope.aggregateId,
  };
}
