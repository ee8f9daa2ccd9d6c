import { assertNamespace, namespaced } from './namespace';

describe('namespace', () => {
  it('prefixes a name with "<namespace>." and leaves it alone when empty', () => {
    expect(namespaced('ci-1', 'order.events.0')).toBe('ci-1.order.events.0');
    expect(namespaced('', 'order.events.0')).toBe('order.events.0');
  });

  it('accepts what is legal in Kafka and AMQP names alike', () => {
    for (const ok of ['', 'ci', 'team_a-42', 'X'.repeat(32)]) {
      expect(() => assertNamespace(ok)).not.toThrow();
    }
  });

  it.each([
    ['a.b', 'only letters, digits'],
    ['a/b', 'only letters, digits'],
    ['#', 'only letters, digits'],
    ['x'.repeat(33), '32'],
    ['AMQ', 'reserves names starting with "amq."'],
  ])('refuses %s with a clear reason', (namespace, reason) => {
    expect(() => assertNamespace(namespace)).toThrow(reason);
  });
});
