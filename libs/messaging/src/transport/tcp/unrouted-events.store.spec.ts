import { UnroutedEventStore } from './unrouted-events.store';

describe('UnroutedEventStore', () => {
  let now = 0;
  const clock = () => now;
  const body = (text: string) => Buffer.from(text);

  beforeEach(() => (now = 1_000_000));

  it('hands back held events of the wanted types in publish order, and keeps the others', () => {
    const store = new UnroutedEventStore(60_000, 1_000_000, clock);
    store.add('a', {}, body('a1'));
    now++;
    store.add('b', {}, body('b1'));
    now++;
    store.add('a', {}, body('a2'));

    const taken = store.take((type) => type === 'a');
    expect(taken.map((e) => e.body.toString())).toEqual(['a1', 'a2']);
    expect(store.size).toBe(1);
    expect(store.take((type) => type === 'a')).toEqual([]);
    expect(store.counts).toEqual({ held: 3, replayed: 0, expired: 0, evicted: 0 });
  });

  it('drops and counts what nobody claimed within the retention', () => {
    const store = new UnroutedEventStore(1_000, 1_000_000, clock);
    store.add('order.created', {}, body('x'));
    store.add('order.created', {}, body('y'));
    now += 1_000;
    expect(store.take(() => true)).toEqual([]);
    expect(store.size).toBe(0);
    expect(store.heldBytes).toBe(0);
    expect(store.counts.expired).toBe(2);
  });

  it('stays within its byte bound by dropping the oldest, counted', () => {
    const store = new UnroutedEventStore(60_000, 10, clock);
    for (const text of ['1111', '2222', '3333']) {
      store.add('t', {}, body(text));
      now++;
    }
    expect(store.heldBytes).toBeLessThanOrEqual(10);
    expect(store.take(() => true).map((e) => e.body.toString())).toEqual(['2222', '3333']);
    expect(store.counts.evicted).toBe(1);
  });

  it('a failed re-offer goes back to its place with its first time, so it still expires on schedule', () => {
    const store = new UnroutedEventStore(1_000, 1_000_000, clock);
    store.add('t', {}, body('first'));
    now += 10;
    store.add('t', {}, body('second'));
    const [first, second] = store.take(() => true);
    now += 5;
    store.add('t', {}, body('third'));
    store.add(second.type, second.headers, second.body, second.heldAt);
    store.add(first.type, first.headers, first.body, first.heldAt);
    expect(store.counts.held).toBe(3); // a re-add is the same event, not a new one

    now = first.heldAt + 1_000;
    expect(store.take(() => true).map((e) => e.body.toString())).toEqual(['second', 'third']);
    expect(store.counts.expired).toBe(1);
  });

  it('with no room at all (maxBytes 0) every event is counted as evicted', () => {
    const store = new UnroutedEventStore(60_000, 0, clock);
    store.add('t', {}, body('x'));
    expect(store.size).toBe(0);
    expect(store.counts.evicted).toBe(1);
  });
});
