import {
  deadLetterTopic,
  eventGroup,
  eventTopic,
  isReplyTopic,
  replyGroup,
  replyTopic,
  requestGroup,
  requestTopic,
} from './kafka-topic-names';

describe('Kafka names', () => {
  it('are unchanged without a namespace, so existing deployments keep their topics and groups', () => {
    expect(eventTopic('', 'order.created')).toBe('order.created');
    expect(eventGroup('', 'inventory')).toBe('inventory');
    expect(requestTopic('', 'order')).toBe('rpc.order');
    expect(requestGroup('', 'order')).toBe('order.rpc');
    expect(deadLetterTopic(eventTopic('', 'order.created'))).toBe('order.created.dlq');
  });

  it('all start with the namespace, dead letters and replies included', () => {
    const names = [
      eventTopic('ci-1', 'order.created'),
      eventGroup('ci-1', 'inventory'),
      requestTopic('ci-1', 'order'),
      requestGroup('ci-1', 'order'),
      deadLetterTopic(eventTopic('ci-1', 'order.created')),
      replyTopic('ci-1', 'api-gateway'),
      replyGroup('ci-1', 'api-gateway-host-1-abcd'),
    ];
    expect(names).toEqual([
      'ci-1.order.created',
      'ci-1.inventory',
      'ci-1.rpc.order',
      'ci-1.order.rpc',
      'ci-1.order.created.dlq',
      'ci-1.rpc.reply.api-gateway',
      'ci-1.rpc.reply.api-gateway-host-1-abcd',
    ]);
  });
});

describe('reply topics', () => {
  it('are one per service, legal whatever the name holds', () => {
    const topic = replyTopic('', 'orders/with spaces');
    expect(topic).toBe('rpc.reply.orders-with-spaces');
    expect(isReplyTopic('', topic)).toBe(true);
    expect(replyGroup('', 'orders-host/with spaces:1234-abcd')).toBe(
      'rpc.reply.orders-host-with-spaces-1234-abcd',
    );
  });

  it('are the only reply-to a server writes to', () => {
    expect(isReplyTopic('', 'order.created')).toBe(false);
    expect(isReplyTopic('', 'rpc.reply.')).toBe(false);
    expect(isReplyTopic('', 'rpc.reply.x/../y')).toBe(false);
  });

  it("of another namespace are refused: a server never answers into another system's topics", () => {
    expect(isReplyTopic('ci-1', replyTopic('ci-1', 'order'))).toBe(true);
    expect(isReplyTopic('ci-1', replyTopic('ci-2', 'order'))).toBe(false);
    expect(isReplyTopic('ci-1', replyTopic('', 'order'))).toBe(false);
    expect(isReplyTopic('', replyTopic('ci-1', 'order'))).toBe(false);
  });
});
