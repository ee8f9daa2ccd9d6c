import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { messagingOptionsFromEnv } from '../../config/messaging-options.from-config';
import { createEnvelope, Envelope } from '../../envelope/envelope';
import { HEADER } from '../../envelope/envelope-headers';
import { deadLetterAdminContracts } from '@railyard/contracts';
import { freePort } from '../../../../../test/support/free-port';
import { RemoteError } from '../../errors/remote.error';
import { MAX_DEAD_LETTERS_PER_CALL } from '../dead-letter-store';
import { Routes } from '../transport';
import { TcpTransport } from './tcp.transport';

jest.setTimeout(20_000);

const HOST = '127.0.0.1';
const TYPE = 'dlq-spec.thing-happened';

function optionsFor(dir: string, port: number): MessagingOptionsFor<'tcp'> {
  const options = messagingOptionsFromEnv('dlq-spec', {
    TRANSPORT: 'tcp',
    DATA_DIR: dir,
    MESSAGING_RETRY_ATTEMPTS: '2',
    MESSAGING_RETRY_BASE_MS: '5',
    MESSAGING_RETRY_MAX_MS: '10',
  });
  const peers = [{ name: options.service, host: HOST, port }];
  return { ...options, tcp: { ...options.tcp, port, bindHost: HOST, peers } };
}

describe('TCP dead letters: list, show, replay, discard', () => {
  const dir = mkdtempSync(join(tmpdir(), 'railyard-tcp-dlq-'));
  const handled: Envelope[] = [];
  let broken = true;
  const routes: Routes = {
    events: new Map([
      [
        TYPE,
        async (envelope: Envelope) => {
          if (broken) throw new Error(`poison ${String((envelope.payload as { n: number }).n)}`);
          handled.push(envelope);
        },
      ],
    ]),
    // Like every real service it serves a request, so it answers the dead-letter admin ones too.
    requests: new Map([['dlq-spec.ping', async () => 'pong']]),
  };
  let transport: TcpTransport;
  let options: MessagingOptionsFor<'tcp'>;
  const sent: Envelope[] = [];

  beforeAll(async () => {
    options = optionsFor(dir, await freePort());
    transport = new TcpTransport(options);
    await transport.listen(routes);
    for (const n of [1, 2, 3]) {
      const envelope = createEnvelope({
        type: TYPE,
        payload: { n, note: 'x'.repeat(n === 3 ? 5_000 : 10) },
        aggregateId: `a-${n}`,
        headers: { tenant: 'acme' },
      });
      sent.push(envelope);
      await transport.publish(envelope);
    }
  });

  afterAll(async () => {
    await transport.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists each poison message with its reason, headers and a bounded payload preview', async () => {
    const { entries, next } = await transport.deadLetters().list({ limit: 10 });
    expect(next).toBeUndefined();
    expect(entries.map((entry) => entry.messageId)).toEqual(sent.map((e) => e.messageId));
    const [first, , third] = entries;
    expect(first).toMatchObject({
      type: TYPE,
      reason: 'handler-failed',
      attempts: 2,
      payloadTruncated: false,
    });
    expect(first.error).toContain('poison 1');
    expect(first.destination).toMatch(/^tcp:/);
    expect(first.headers[HEADER.aggregateId]).toBe('a-1');
    expect(first.headers[HEADER.error]).toBeUndefined();
    expect(JSON.parse(first.payloadPreview)).toMatchObject({ n: 1 });
    expect(third.payloadTruncated).toBe(true);
    expect(Buffer.byteLength(third.payloadPreview)).toBeLessThanOrEqual(2 * 1024);
    expect(third.payloadBytes).toBeGreaterThan(5_000);
  });

  it('pages with limit and after, and refuses an unbounded page', async () => {
    const store = transport.deadLetters();
    const page = await store.list({ limit: 2 });
    expect(page.entries).toHaveLength(2);
    const rest = await store.list({ limit: 2, after: page.next });
    expect(rest.entries.map((entry) => entry.messageId)).toEqual([sent[2].messageId]);
    await expect(store.list({ limit: MAX_DEAD_LETTERS_PER_CALL + 1 })).rejects.toThrow(RangeError);
  });

  it('replays one to the fixed handler with its original message id, discards another', async () => {
    const store = transport.deadLetters();
    const [one, two, three] = (await store.list({ limit: 10 })).entries;
    broken = false;

    const replayed = await store.replay([one.id]);
    expect(replayed).toEqual({ done: [one.id], missing: [], remaining: 2 });
    expect(handled.map((envelope) => envelope.messageId)).toEqual([sent[0].messageId]);
    expect(handled[0].headers).toMatchObject({ tenant: 'acme' });

    expect(await store.discard([two.id])).toEqual({ done: [two.id], missing: [], remaining: 1 });
    expect(await store.show(two.id)).toBeUndefined();
    expect(await store.replay([two.id])).toEqual({ done: [], missing: [two.id], remaining: 1 });
    expect((await store.show(three.id))?.messageId).toBe(sent[2].messageId);
    expect(handled).toHaveLength(1);
  });

  it('keeps that state across a restart, and replays all that is left', async () => {
    await transport.close();
    transport = new TcpTransport(options);
    await transport.listen(routes);
    const store = transport.deadLetters();
    const left = (await store.list({ limit: 10 })).entries;
    expect(left.map((entry) => entry.messageId)).toEqual([sent[2].messageId]);

    expect(await store.replay('all')).toEqual({ done: [left[0].id], missing: [], remaining: 0 });
    expect(handled.map((envelope) => envelope.messageId)).toEqual([
      sent[0].messageId,
      sent[2].messageId,
    ]);
    expect((await store.list({ limit: 10 })).entries).toEqual([]);
  });

  it('answers the admin requests over the bus, and refuses a bad one with its reason', async () => {
    const admin = new TcpTransport({
      ...options,
      service: 'dlq-spec-admin',
      instanceId: 'dlq-spec-admin-1',
      tcp: { ...options.tcp, port: undefined, deadLetterFile: join(dir, 'admin.jsonl') },
    });
    const contracts = deadLetterAdminContracts(options.service);
    const ask = (type: string, payload: unknown) =>
      admin.request(options.service, createEnvelope({ type, payload }), 2_000);
    try {
      broken = true;
      const poison = createEnvelope({ type: TYPE, payload: { n: 5 }, aggregateId: 'a-5' });
      await transport.publish(poison);
      const page = (await ask(contracts.list.type, { limit: 5 })) as {
        entries: Array<{ id: string; messageId: string }>;
      };
      expect(page.entries.map((entry) => entry.messageId)).toEqual([poison.messageId]);
      const [{ id }] = page.entries;
      expect(await ask(contracts.show.type, { id })).toMatchObject({
        entry: { id, messageId: poison.messageId, reason: 'handler-failed' },
      });
      broken = false;
      expect(await ask(contracts.replay.type, { ids: [id] })).toEqual({
        done: [id],
        missing: [],
        remaining: 0,
      });
      expect(handled.at(-1)?.messageId).toBe(poison.messageId);
      expect(await ask(contracts.show.type, { id })).toEqual({ entry: null });

      const refused = ask(contracts.discard.type, { ids: [id], all: true });
      await expect(refused).rejects.toBeInstanceOf(RemoteError);
      await expect(refused).rejects.toMatchObject({ remoteCode: 'INVALID_MESSAGE' });
      await expect(ask(contracts.list.type, { limit: 501 })).rejects.toThrow(/limit/);
    } finally {
      await admin.close();
    }
  });

  it('dead-letters a replay that fails again as a new letter: nothing is lost', async () => {
    broken = true;
    const envelope = createEnvelope({ type: TYPE, payload: { n: 4 }, aggregateId: 'a-4' });
    await transport.publish(envelope);
    const store = transport.deadLetters();
    const [letter] = (await store.list({ limit: 10 })).entries;
    expect(await store.replay([letter.id])).toMatchObject({ done: [letter.id], remaining: 1 });
    const [again] = (await store.list({ limit: 10 })).entries;
    expect(again.id).not.toBe(letter.id);
    expect(again.messageId).toBe(envelope.messageId);
  });
});
