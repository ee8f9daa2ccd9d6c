import { randomUUID } from 'node:crypto';
import { Charge, ReserveStock, StockReserved } from '@railyard/contracts';
import { HEADER } from '@railyard/messaging';

export type ServiceName = 'order' | 'inventory' | 'payment';
export const SERVICES: ServiceName[] = ['order', 'inventory', 'payment'];

/**
 * One message written straight into what a service consumes, bypassing every publisher check.
 * `expect` is what the bus must do with it: store it as a dead letter with that reason, or (for a
 * message that is valid on the wire but means nothing to the service) take it without one.
 */
export interface PoisonCase {
  name: string;
  service: ServiceName;
  kind: 'event' | 'request';
  /** The event type the service subscribes to (its topic / routing); unused for requests. */
  target: string;
  /** Undefined: no headers at all. */
  headers?: Record<string, string>;
  body: Buffer;
  /** `consumed`, or the `rl-dead-letter-reason` its dead letter must carry. */
  expect: DeadLetterReason | 'consumed';
}

export type DeadLetterReason =
  'not-json' | 'bad-envelope' | 'no-handler' | 'too-large' | 'forbidden-key' | 'handler-failed';

/** Header added to every poison message that has headers: its run, in its dead letter too. */
export const RUN_HEADER = 'x-chaos-bad-input';

/** A type each service consumes (the topic / binding the poison goes to). */
const CONSUMED: Record<ServiceName, string> = {
  inventory: ReserveStock.type,
  payment: Charge.type,
  order: StockReserved.type,
};

function envelopeHeaders(type: string): Record<string, string> {
  const id = randomUUID();
  return {
    [HEADER.messageId]: id,
    [HEADER.type]: type,
    [HEADER.aggregateId]: `poison-${id.slice(0, 8)}`,
    [HEADER.correlationId]: id,
    [HEADER.occurredAt]: new Date().toISOString(),
    [HEADER.version]: '1',
  };
}

const text = (value: string) => Buffer.from(value, 'utf8');

/** Built with JSON.parse: an object literal's `__proto__` would set the prototype, not a key. */
const protoHeader = (): Record<string, string> =>
  JSON.parse('{"__proto__":"polluted","constructor":"polluted"}') as Record<string, string>;

/**
 * Every kind of poison, for each service's event subscription and its request queue/topic, with
 * the dead-letter reason each must get. Requests carry no reply-to: an invalid one is still
 * dead-lettered, a valid one of unknown type is answered NO_HANDLER to nobody.
 */
export function poisonCases(run: string, maxMessageBytes: number): PoisonCase[] {
  const cases: PoisonCase[] = [];
  const tag = (headers?: Record<string, string>) =>
    headers === undefined ? undefined : { ...headers, [RUN_HEADER]: run };
  const oversized = text(JSON.stringify({ pad: 'x'.repeat(maxMessageBytes + 16 * 1024) }));
  const orderJson = text('{"orderId":"o-1"}');
  for (const service of SERVICES) {
    const type = CONSUMED[service];
    const add =
      (kind: PoisonCase['kind']) =>
      (
        name: string,
        headers: Record<string, string> | undefined,
        body: Buffer,
        expect: PoisonCase['expect'],
      ) =>
        cases.push({ name, service, kind, target: type, headers: tag(headers), body, expect });
    const event = add('event');
    const request = add('request');
    const valid = envelopeHeaders;

    event('not JSON', valid(type), text('{"orderId": "o-1", this is not json'), 'not-json');
    event('empty body', valid(type), Buffer.alloc(0), 'not-json');
    event('no headers at all', undefined, orderJson, 'bad-envelope');
    event('only a foreign header', {}, orderJson, 'bad-envelope');
    const garbage = {
      [HEADER.messageId]: 'not-a-uuid',
      [HEADER.type]: '',
      [HEADER.aggregateId]: 'x'.repeat(1_000),
      [HEADER.occurredAt]: 'yesterday',
      [HEADER.version]: '-3',
    };
    event('garbage envelope headers', garbage, orderJson, 'bad-envelope');
    const protoNames = { ...protoHeader(), [HEADER.type]: type };
    event('__proto__ header names', protoNames, orderJson, 'bad-envelope');
    event('unknown message type', valid('chaos.no-such-type'), text('{"a":1}'), 'no-handler');
    event('oversized body', valid(type), oversized, 'too-large');
    const proto = text('{"orderId":"o-1","__proto__":{"polluted":true},"items":[]}');
    event('__proto__ payload', valid(type), proto, 'forbidden-key');
    const ctor = text('{"orderId":"o-1","items":[{"constructor":{"prototype":{"x":1}}}]}');
    event('constructor.prototype payload', valid(type), ctor, 'forbidden-key');
    // A saga reply is matched to its saga by a header; without one order-service ignores it
    // (acked, no dead letter): nothing valid is lost. Commands are validated and dead-lettered.
    const wrongShape = service === 'order' ? 'consumed' : 'handler-failed';
    const shape = text('{"orderId":42,"items":"lots"}');
    event('wrong shape for the type', valid(type), shape, wrongShape);
    event('JSON null for the type', valid(type), text('null'), wrongShape);

    request('request: not JSON', valid('any.request'), text('not json'), 'not-json');
    request('request: no headers at all', undefined, text('{}'), 'bad-envelope');
    const protoRequest = text('{"__proto__":{}}');
    request('request: __proto__ payload', valid('any.request'), protoRequest, 'forbidden-key');
    request('request: oversized body', valid('any.request'), oversized, 'too-large');
    request('request: unknown type', valid('chaos.no-such-query'), text('{}'), 'consumed');
  }
  return cases;
}

/** What happened to one batch of poison on one broker. */
export interface PoisonOutcome {
  injected: number;
  expectedDeadLetters: number;
  /** Dead letters of this batch found in the dead-letter destinations. */
  deadLettered: number;
  /** Per destination (queue or topic). */
  deadLetteredBy: Record<string, number>;
  /** Per `rl-dead-letter-reason` header. */
  reasons: Record<string, number>;
  /** Every source queue empty / every consumer group caught up, within the bound. */
  drained: boolean;
  /** Remaining depth or lag per queue / group when `drained` is false. */
  backlog: Record<string, number>;
  /** The raw delta of the dead-letter destinations (other tests may add to it on shared brokers). */
  rawDeadLetterDelta: number;
}

export const countExpected = (cases: PoisonCase[]) =>
  cases.filter((c) => c.expect !== 'consumed').length;

/** How many dead letters of each reason the cases should produce. */
export function expectedReasons(cases: PoisonCase[]): Record<string, number> {
  const reasons: Record<string, number> = {};
  for (const c of cases)
    if (c.expect !== 'consumed') reasons[c.expect] = (reasons[c.expect] ?? 0) + 1;
  return reasons;
}

/** Polls `probe` until it returns true or `timeoutMs` passes; returns the last verdict. */
export async function pollUntil(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
