import { createEnvelope } from '../envelope/envelope';
import {
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_CONVERSATION_ID,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM_NAME,
  ATTR_RAILYARD_AGGREGATE_ID,
} from './bus-semconv';
import { busSpanAttributes } from './bus-span-attributes';

describe('busSpanAttributes', () => {
  const envelope = createEnvelope({ type: 'order.placed', payload: {}, aggregateId: 'o-1' });
  const SEND = { type: 'send', name: 'send' } as const;

  it('names each fact once, under the semantic conventions it writes as literal keys', () => {
    expect(busSpanAttributes('tcp', 'order.placed', SEND, envelope)).toEqual({
      [ATTR_MESSAGING_SYSTEM_NAME]: 'tcp',
      [ATTR_MESSAGING_DESTINATION_NAME]: 'order.placed',
      [ATTR_MESSAGING_OPERATION_TYPE]: 'send',
      [ATTR_MESSAGING_OPERATION_NAME]: 'send',
      [ATTR_MESSAGING_MESSAGE_ID]: envelope.messageId,
      [ATTR_MESSAGING_MESSAGE_CONVERSATION_ID]: envelope.correlationId,
      [ATTR_RAILYARD_AGGREGATE_ID]: 'o-1',
    });
  });

  it('leaves the system out when it is unknown (a message staged in an outbox)', () => {
    const attributes = busSpanAttributes(undefined, 'order.placed', SEND, envelope);
    expect(attributes[ATTR_MESSAGING_SYSTEM_NAME]).toBeUndefined();
  });
});
