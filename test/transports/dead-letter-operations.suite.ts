import { DeadLetterStore, Envelope, HEADER, Transport } from '@railyard/messaging';
import { TransportHarness } from './support/transport-harness';
import { event, routes, sleep, TransportPool, uniqueNames, waitUntil } from './support/test-bus';

const DELIVERY_MS = 20_000;

/**
 * Dead-letter operations (issue 17), written once and run against each real transport: poison
 * messages are dead-lettered, listed with their reason, headers and payload preview; after the
 * handler is "fixed" one is replayed (the handler now succeeds and sees the original message id),
 * one discarded, the last replayed with `all`; nothing else is lost or handled twice. A fourth is
 * replayed with a corrected payload and arrives as the same message (id, type, headers).
 */
export function describeDeadLetterOperations(harness: TransportHarness): void {
  describe(`dead-letter operations on ${harness.name}`, () => {
    const pool = new TransportPool();
    const names = uniqueNames('dlq');
    const handled: Envelope[] = [];
    let broken = true;
    let store: DeadLetterStore;
    let publisher: Transport;
    const sent: Envelope[] = [];

    beforeAll(async () => {
      const type = names.type('poisoned');
      const subscriber = await pool.start(
        harness.options(names.service('consumer')),
        routes({
          [type]: async (envelope) => {
            if (broken) throw new Error(`poison ${JSON.stringify(envelope.payload)}`);
            handled.push(envelope);
          },
        }),
      );
      if (!subscriber.deadLetters) throw new Error(`${harness.name} has no dead-letter store`);
      store = subscriber.deadLetters();
      publisher = await pool.start(harness.options(names.service('producer')));
      for (const n of [1, 2, 3]) {
        const envelope = event(type, { n, pad: 'x'.repeat(n === 3 ? 4_000 : 0) }, `agg-${n}`);
        sent.push({ ...envelope, headers: { tenant: 'acme' } });
        await publisher.publish(sent.at(-1) as Envelope);
      }
      await listedWithin(store, 3, DELIVERY_MS);
    });

    afterAll(async () => {
      await pool.closeAll();
      await harness.dispose();
    });

    it('lists each poison message with its reason, headers and a bounded payload preview', async () => {
      const { entries } = await store.list({ limit: 10 });
      const byMessage = new Map(entries.map((entry) => [entry.messageId, entry]));
      expect([...byMessage.keys()].sort()).toEqual(sent.map((e) => e.messageId).sort());
      const first = byMessage.get(sent[0].messageId);
      expect(first).toMatchObject({
        type: sent[0].type,
        reason: 'handler-failed',
        attempts: 3,
        payloadTruncated: false,
        // As on the wire: a free header keeps its name under the rl-h- prefix.
        headers: { 'rl-h-tenant': 'acme', [HEADER.aggregateId]: 'agg-1' },
      });
      expect(first?.error).toContain('poison');
      expect(first?.headers[HEADER.deadLetterReason]).toBeUndefined();
      expect(JSON.parse(first?.payloadPreview ?? '')).toEqual({ n: 1, pad: '' });
      const third = byMessage.get(sent[2].messageId);
      expect(third?.payloadTruncated).toBe(true);
      expect(Buffer.byteLength(third?.payloadPreview ?? '')).toBe(2 * 1024);

      const page = await store.list({ limit: 2 });
      expect(page.entries.map((entry) => entry.id)).toEqual(entries.slice(0, 2).map((e) => e.id));
      const rest = await store.list({ limit: 2, after: page.next });
      expect(rest.entries.map((entry) => entry.id)).toEqual([entries[2].id]);
      expect((await store.show(entries[1].id))?.messageId).toBe(entries[1].messageId);
    });

    it('replays one to the fixed handler with its message id, discards one, replays all', async () => {
      const idOf = async (messageId: string) => {
        const { entries } = await store.list({ limit: 10 });
        const entry = entries.find((candidate) => candidate.messageId === messageId);
        if (!entry) throw new Error(`no dead letter for ${messageId}`);
        return entry.id;
      };
      broken = false;
      const one = await idOf(sent[0].messageId);
      expect(await store.replay([one])).toEqual({ done: [one], missing: [], remaining: 2 });
      await waitUntil(() => handled.length === 1, DELIVERY_MS, 'the replayed event');
      expect(handled[0]).toMatchObject({ messageId: sent[0].messageId, payload: { n: 1 } });
      expect(handled[0].headers).toMatchObject({ tenant: 'acme' });

      const two = await idOf(sent[1].messageId);
      expect(await store.discard([two])).toEqual({ done: [two], missing: [], remaining: 1 });
      expect(await store.show(two)).toBeUndefined();
      expect(await store.replay([two])).toEqual({ done: [], missing: [two], remaining: 1 });

      const three = await idOf(sent[2].messageId);
      expect(await store.replay('all')).toEqual({ done: [three], missing: [], remaining: 0 });
      await waitUntil(() => handled.length === 2, DELIVERY_MS, 'the last replayed event');
      expect(handled.map((envelope) => envelope.messageId)).toEqual([
        sent[0].messageId,
        sent[2].messageId,
      ]);
      expect((await store.list({ limit: 10 })).entries).toEqual([]);
    });

    it('replays one with a corrected payload, keeping its message id, type and headers', async () => {
      broken = true;
      const poison = event(sent[0].type, { n: 4, bad: true }, 'agg-4');
      await publisher.publish({ ...poison, headers: { tenant: 'acme' } });
      await listedWithin(store, 1, DELIVERY_MS);
      const [letter] = (await store.list({ limit: 10 })).entries;
      expect(letter.messageId).toBe(poison.messageId);
      broken = false;
      const body = Buffer.from(JSON.stringify({ n: 4, bad: false }));
      expect(await store.replayEdited(letter.id, body)).toEqual({
        done: [letter.id],
        missing: [],
        remaining: 0,
      });
      await waitUntil(() => handled.length === 3, DELIVERY_MS, 'the edited replay');
      expect(handled[2]).toMatchObject({
        messageId: poison.messageId,
        type: poison.type,
        payload: { n: 4, bad: false },
        headers: { tenant: 'acme' },
      });
      expect(await store.count(500)).toBe(0);
      expect(await store.replayEdited(letter.id, body)).toEqual({
        done: [],
        missing: [letter.id],
        remaining: 0,
      });
    });
  });
}

/** Waits until `count` dead letters are stored (a broker stores them asynchronously). */
async function listedWithin(store: DeadLetterStore, count: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while ((await store.list({ limit: 10 })).entries.length < count) {
    if (Date.now() > deadline)
      throw new Error(`${count} dead letters not stored in ${timeoutMs} ms`);
    await sleep(100);
  }
}
