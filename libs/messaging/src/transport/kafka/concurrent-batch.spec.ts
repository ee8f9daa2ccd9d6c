import { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { handleBatchConcurrently } from './concurrent-batch';
import { InFlightLimit } from './in-flight-limit';

/** A batch of `count` messages at offsets `first`, `first + 1`, ...; records what was resolved. */
function fakeBatch(count: number, first = 10) {
  const resolved: string[] = [];
  const messages = Array.from(
    { length: count },
    (_, i) => ({ offset: String(first + i), value: Buffer.from(String(i)) }) as KafkaMessage,
  );
  const payload = {
    batch: { topic: 'rpc.order', partition: 0, messages },
    resolveOffset: (offset: string) => void resolved.push(offset),
    isRunning: () => true,
    isStale: () => false,
  } as unknown as EachBatchPayload;
  return { payload, resolved };
}

/** A handler whose calls finish when the test says so. */
function controlledHandler() {
  const calls = new Map<string, { resolve(): void; reject(error: Error): void }>();
  let inFlight = 0;
  let maxInFlight = 0;
  const handle = (message: KafkaMessage) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    return new Promise<void>((resolve, reject) => {
      const settle = () => inFlight--;
      calls.set(message.offset, {
        resolve: () => (settle(), resolve()),
        reject: (error) => (settle(), reject(error)),
      });
    });
  };
  return { handle, calls, max: () => maxInFlight };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** `count` messages handled with a limit of `limit`, by a handler the test settles. */
function runBatch(count: number, limit: number) {
  const { payload, resolved } = fakeBatch(count);
  const handler = controlledHandler();
  const running = handleBatchConcurrently(payload, {
    limit: new InFlightLimit(limit),
    handle: handler.handle,
    stopping: () => false,
  });
  return { running, resolved, handler };
}

describe('handleBatchConcurrently', () => {
  it('runs up to the limit at once and resolves offsets only over the finished prefix', async () => {
    const { running, resolved, handler } = runBatch(5, 3);
    await tick();
    expect([...handler.calls.keys()]).toEqual(['10', '11', '12']);
    handler.calls.get('12')!.resolve();
    await tick();
    expect(resolved).toEqual([]); // 10 and 11 still running: nothing may be committed past them
    expect([...handler.calls.keys()]).toEqual(['10', '11', '12', '13']);
    handler.calls.get('10')!.resolve();
    await tick();
    expect(resolved).toEqual(['10']);
    handler.calls.get('11')!.resolve();
    await tick();
    expect(resolved).toEqual(['10', '11', '12']);
    handler.calls.get('13')!.resolve();
    await tick();
    handler.calls.get('14')!.resolve();
    await running;
    expect(resolved).toEqual(['10', '11', '12', '13', '14']);
    expect(handler.max()).toBe(3);
  });

  it('on a failure takes nothing new, lets the rest finish, resolves the prefix and throws', async () => {
    const { running, resolved, handler } = runBatch(6, 3);
    await tick();
    handler.calls.get('10')!.resolve();
    await tick();
    handler.calls.get('11')!.reject(new Error('database is locked'));
    await tick();
    handler.calls.get('12')!.resolve();
    handler.calls.get('13')!.resolve();
    await expect(running).rejects.toThrow('database is locked');
    // 11 failed: 12 and 13 are done but uncommitted, so they come again (the inbox dedupes).
    expect(resolved).toEqual(['10']);
    expect([...handler.calls.keys()]).toEqual(['10', '11', '12', '13']);
  });

  it('stops taking messages once the consumer is stopping, and commits what finished', async () => {
    let stopping = false;
    const { payload, resolved } = fakeBatch(4);
    const handler = controlledHandler();
    const running = handleBatchConcurrently(payload, {
      limit: new InFlightLimit(2),
      handle: handler.handle,
      stopping: () => stopping,
    });
    await tick();
    stopping = true;
    handler.calls.get('10')!.resolve();
    handler.calls.get('11')!.resolve();
    await running;
    expect(resolved).toEqual(['10', '11']);
    expect([...handler.calls.keys()]).toEqual(['10', '11']);
  });

  it('shares one limit between batches of different partitions', async () => {
    const limit = new InFlightLimit(2);
    const a = fakeBatch(2);
    const b = fakeBatch(2, 20);
    const handler = controlledHandler();
    const options = { limit, handle: handler.handle, stopping: () => false };
    const both = Promise.all([
      handleBatchConcurrently(a.payload, options),
      handleBatchConcurrently(b.payload, options),
    ]);
    await tick();
    expect(handler.max()).toBe(2);
    for (let round = 0; round < 4; round++) {
      for (const call of handler.calls.values()) call.resolve();
      await tick();
    }
    await both;
    expect(handler.max()).toBe(2);
    expect(limit.inFlight).toBe(0);
  });
});
