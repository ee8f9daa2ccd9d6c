import {
  deadLetterExchangeName,
  deadLetterQueueName,
  eventExchangeName,
  eventQueueName,
  replyQueueName,
  requestQueueName,
  unroutedQueueName,
} from './rabbitmq-names';

const exchanges = { exchange: 'railyard.events', deadLetterExchange: 'railyard.dead-letter' };

/** Every kind of name the transport declares, in `namespace`. */
function everyName(namespace: string): string[] {
  const scope = { namespace, rabbitmq: exchanges };
  return [
    eventExchangeName(scope),
    deadLetterExchangeName(scope),
    eventQueueName(namespace, 'inventory', 2),
    deadLetterQueueName(namespace, 'inventory'),
    requestQueueName(namespace, 'inventory'),
    replyQueueName(namespace, 'gateway-1'),
    unroutedQueueName(eventExchangeName(scope), 'order.created'),
  ];
}

const UNNAMESPACED = [
  'railyard.events',
  'railyard.dead-letter',
  'inventory.events.2',
  'inventory.dead-letter',
  'inventory.rpc',
  'rpc.reply.gateway-1',
  'railyard.events.unrouted.order.created',
];

describe('RabbitMQ names', () => {
  it('are unchanged without a namespace, so existing deployments keep their queues', () => {
    expect(everyName('')).toEqual(UNNAMESPACED);
  });

  it('all start with the namespace: exchanges, queues, holding and reply queues', () => {
    expect(everyName('ci-1')).toEqual(UNNAMESPACED.map((name) => `ci-1.${name}`));
  });

  it('name a holding queue by hash when the type would push it past 255 bytes', () => {
    const exchange = eventExchangeName({ namespace: 'ci-1', rabbitmq: exchanges });
    const name = unroutedQueueName(exchange, 't'.repeat(250));
    expect(name).toMatch(/^ci-1\.railyard\.events\.unrouted\.sha256-[0-9a-f]{64}$/);
  });
});
