import { Logger } from '@nestjs/common';
import { currentLogContext } from '@railyard/platform';
import { createEnvelope } from '../envelope/envelope';
import { envelopeToHeaders, HEADER } from '../envelope/envelope-headers';
import { EventHandler, RequestHandler } from '../transport/transport';
import { DeliveryAbortedError } from './delivery-aborted.error';
import { DeliveryPipeline } from './delivery-pipeline';
import { DeadLetter, InboundMessage } from './inbound-message';

const quiet = new Logger('test');
beforeAll(() => Logger.overrideLogger(false));

function inbound(type: string, payload: unknown): InboundMessage {
  const envelope = createEnvelope({ type, payload });
  return {
    source: type,
    headers: envelopeToHeaders(envelope),
    body: Buffer.from(JSON.stringify(payload)),
  };
}

function pipeline(
  events: Record<string, EventHandler>,
  requests: Record<string, RequestHandler> = {},
  sink: (dl: DeadLetter) => Promise<void> = async () => undefined,
  delays: number[] = [],
) {
  return new DeliveryPipeline(
    { events: new Map(Object.entries(events)), requests: new Map(Object.entries(requests)) },
    { retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40 }, maxMessageBytes: 1024 },
    sink,
    quiet,
    undefined,
    async (ms) => {
      delays.push(ms);
    },
  );
}

describe('DeliveryPipeline', () => {
  it('hands a valid event to its handler with the decoded envelope', async () => {
    const seen: unknown[] = [];
    const p = pipeline({ 'a.b': async (e) => void seen.push(e.payload) });
    await p.deliverEvent(inbound('a.b', { x: 1 }));
    expect(seen).toEqual([{ x: 1 }]);
    expect(p.metrics.snapshot()).toMatchObject({ received: 1, handled: 1, retried: 0 });
  });

  it('retries with growing backoff, then dead-letters with the error and the attempt count', async () => {
    const letters: DeadLetter[] = [];
    const delays: number[] = [];
    let calls = 0;
    const p = pipeline(
      {
        'a.b': async () => {
          calls++;
          throw Object.assign(new Error('db down'), { code: 'DB' });
        },
      },
      {},
      async (dl) => void letters.push(dl),
      delays,
    );
    const message = inbound('a.b', {});
    await p.deliverEvent(message);
    expect(calls).toBe(3);
    expect(delays).toHaveLength(2);
    expect(delays[1]).toBeGreaterThanOrEqual(10);
    expect(letters).toEqual([
      { ...message, reason: 'handler-failed', error: 'DB: db down', attempts: 3 },
    ]);
    expect(p.metrics.snapshot()).toMatchObject({ retried: 2, deadLettered: 1, invalid: 0 });
  });

  it('dead-letters at once a failure the handler marks as permanent', async () => {
    const letters: DeadLetter[] = [];
    let calls = 0;
    const p = pipeline(
      {
        'a.b': async () => {
          calls++;
          throw Object.assign(new Error('bad payload'), { code: 'INVALID', retryable: false });
        },
      },
      {},
      async (dl) => void letters.push(dl),
    );
    await p.deliverEvent(inbound('a.b', {}));
    expect(calls).toBe(1);
    expect(letters).toMatchObject([
      { reason: 'handler-failed', attempts: 1, error: 'INVALID: bad payload' },
    ]);
  });

  it('dead-letters undecodable messages without calling any handler', async () => {
    const letters: DeadLetter[] = [];
    const handler = jest.fn();
    const p = pipeline({ 'a.b': handler }, {}, async (dl) => void letters.push(dl));
    const good = inbound('a.b', {});
    await p.deliverEvent({ ...good, body: Buffer.from('{nope') });
    await p.deliverEvent({ ...good, headers: { [HEADER.type]: 'a.b' } });
    await p.deliverEvent(inbound('unknown.type', {}));
    expect(handler).not.toHaveBeenCalled();
    expect(letters.map((l) => [l.reason, l.attempts])).toEqual([
      ['not-json', 0],
      ['bad-envelope', 0],
      ['no-handler', 0],
    ]);
    expect(p.metrics.snapshot()).toMatchObject({ invalid: 3, deadLettered: 3 });
  });

  it('rejects (so the transport does not ack) when the dead letter cannot be stored', async () => {
    const p = pipeline({}, {}, async () => {
      throw new Error('dlq unreachable');
    });
    await expect(p.deliverEvent(inbound('a.b', {}))).rejects.toThrow('dlq unreachable');
  });

  it('abandons a retry loop when draining, leaving the message for redelivery', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const p = new DeliveryPipeline(
      {
        events: new Map([['a.b', async () => Promise.reject(new Error('still failing'))]]),
        requests: new Map(),
      },
      { retry: { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 10 }, maxMessageBytes: 1024 },
      async () => undefined,
      quiet,
      undefined,
      () => gate,
    );
    const delivery = p.deliverEvent(inbound('a.b', {}));
    const drained = p.drain(1_000);
    release();
    await expect(delivery).rejects.toBeInstanceOf(DeliveryAbortedError);
    await expect(drained).resolves.toBe(true);
  });

  it('drain reports false when a handler outlives the bound', async () => {
    const p = pipeline({ 'a.b': () => new Promise(() => undefined) });
    void p.deliverEvent(inbound('a.b', {}));
    await expect(p.drain(20)).resolves.toBe(false);
    expect(p.inFlightCount).toBe(1);
  });

  it('answers requests with the handler value, its error shape, or NO_HANDLER', async () => {
    const p = pipeline(
      {},
      {
        'q.ok': async (e) => ({ echo: e.payload }),
        'q.fail': async () => {
          throw Object.assign(new Error('only 2 left'), { code: 'OUT_OF_STOCK' });
        },
      },
    );
    await expect(p.deliverRequest(inbound('q.ok', 7))).resolves.toEqual({
      ok: true,
      body: { echo: 7 },
    });
    await expect(p.deliverRequest(inbound('q.fail', 7))).resolves.toEqual({
      ok: false,
      error: { code: 'OUT_OF_STOCK', message: 'only 2 left' },
    });
    await expect(p.deliverRequest(inbound('q.none', 7))).resolves.toMatchObject({
      ok: false,
      error: { code: 'NO_HANDLER' },
    });
  });
});

describe('DeliveryPipeline log context', () => {
  it("runs a handler inside its message's context, for every line it logs", async () => {
    const seen: unknown[] = [];
    const envelope = createEnvelope({
      type: 'a.b',
      payload: {},
      aggregateId: 'order-1',
      correlationId: 'conversation-1',
    });
    const p = pipeline(
      { 'a.b': async () => void seen.push(currentLogContext()) },
      { 'a.ask': async () => currentLogContext() },
    );
    await p.deliverEvent({
      source: 'a.b',
      headers: envelopeToHeaders(envelope),
      body: Buffer.from('{}'),
    });
    expect(seen).toEqual([
      {
        messageId: envelope.messageId,
        messageType: 'a.b',
        aggregateId: 'order-1',
        correlationId: 'conversation-1',
      },
    ]);
    const reply = await p.deliverRequest(inbound('a.ask', {}));
    expect(reply).toMatchObject({ ok: true, body: { messageType: 'a.ask' } });
    expect(currentLogContext()).toBeUndefined();
  });
});
