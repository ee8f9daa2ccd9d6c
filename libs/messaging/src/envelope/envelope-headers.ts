import { datetimeRegex } from 'zod';
import { InvalidMessageError } from '../errors/invalid-message.error';
import { Envelope } from './envelope';

/** Broker header names. Free headers keep their own name under the `rl-h-` prefix. */
export const HEADER = {
  messageId: 'rl-message-id',
  type: 'rl-type',
  aggregateId: 'rl-aggregate-id',
  correlationId: 'rl-correlation-id',
  causationId: 'rl-causation-id',
  occurredAt: 'rl-occurred-at',
  version: 'rl-version',
  // Set on dead letters only.
  error: 'rl-error',
  attempts: 'rl-attempts',
  deadLetterReason: 'rl-dead-letter-reason',
  source: 'rl-source',
  /** ISO time a broker dead letter was stored (its order key where the broker keeps no ms time). */
  deadLetteredAt: 'rl-dead-lettered-at',
  // Set on requests and replies only.
  replyTo: 'rl-reply-to',
  requestId: 'rl-request-id',
  replyStatus: 'rl-reply-status',
} as const;

const FREE_HEADER_PREFIX = 'rl-h-';
/**
 * Free headers sent under their own name: the W3C trace context (tracing/trace-headers.ts), named
 * as the W3C drafts for AMQP and Kafka and the OpenTelemetry instrumentations of those clients name
 * it, so a consumer outside Railyard continues the trace too. Two comparisons, not a Set: this
 * runs for every header of every message received.
 */
const isBareFreeHeader = (name: string) => name === 'traceparent' || name === 'tracestate';
const MAX_TEXT = 256;

/**
 * The rules of the envelope headers, hand-written: this runs for every message received, and
 * zod's object parse (which also rebuilt its datetime regex per call) cost a few µs a message.
 * Same rules and same messages as the zod schema they replace: uuid, text of 1..256 characters,
 * ISO datetime in UTC (zod's own regex), an integer version ≥ 1.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATETIME = datetimeRegex({ precision: null, offset: false, local: false });

type Issues = string[];

function receivedType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'nan';
  return typeof value;
}

/** The string at `name`, or undefined after noting why not (absent optional fields pass). */
function stringAt(headers: WireHeaders, name: string, issues: Issues, optional = false) {
  const value: unknown = headers[name];
  if (typeof value === 'string') return value;
  if (value === undefined && optional) return undefined;
  issues.push(
    `${name}: ${value === undefined ? 'Required' : `Expected string, received ${receivedType(value)}`}`,
  );
  return undefined;
}

function checkText(headers: WireHeaders, name: string, issues: Issues, optional = false) {
  const value = stringAt(headers, name, issues, optional);
  if (value === undefined) return;
  if (value.length < 1) issues.push(`${name}: String must contain at least 1 character(s)`);
  if (value.length > MAX_TEXT) {
    issues.push(`${name}: String must contain at most ${MAX_TEXT} character(s)`);
  }
}

function checkVersion(headers: WireHeaders, issues: Issues): number {
  const version = Number(headers[HEADER.version]);
  if (Number.isNaN(version)) {
    issues.push(`${HEADER.version}: Expected number, received nan`);
    return version;
  }
  if (!Number.isInteger(version)) {
    issues.push(`${HEADER.version}: Expected integer, received float`);
  }
  if (version < 1) issues.push(`${HEADER.version}: Number must be greater than or equal to 1`);
  return version;
}

/** Every issue of the envelope headers, in field order (empty when they are valid). */
function envelopeIssues(headers: WireHeaders): { issues: Issues; version: number } {
  const issues: Issues = [];
  const messageId = stringAt(headers, HEADER.messageId, issues);
  if (messageId !== undefined && !UUID.test(messageId)) {
    issues.push(`${HEADER.messageId}: Invalid uuid`);
  }
  checkText(headers, HEADER.type, issues);
  checkText(headers, HEADER.aggregateId, issues);
  checkText(headers, HEADER.correlationId, issues);
  checkText(headers, HEADER.causationId, issues, true);
  const occurredAt = stringAt(headers, HEADER.occurredAt, issues);
  if (occurredAt !== undefined && !DATETIME.test(occurredAt)) {
    issues.push(`${HEADER.occurredAt}: Invalid datetime`);
  }
  const version = checkVersion(headers, issues);
  return { issues, version };
}

export type WireHeaders = Record<string, string>;

export function envelopeToHeaders(envelope: Envelope): WireHeaders {
  const headers: WireHeaders = {
    [HEADER.messageId]: envelope.messageId,
    [HEADER.type]: envelope.type,
    [HEADER.aggregateId]: envelope.aggregateId,
    [HEADER.correlationId]: envelope.correlationId,
    [HEADER.occurredAt]: envelope.occurredAt,
    [HEADER.version]: String(envelope.version),
  };
  if (envelope.causationId) headers[HEADER.causationId] = envelope.causationId;
  for (const [name, value] of Object.entries(envelope.headers)) {
    headers[isBareFreeHeader(name) ? name : FREE_HEADER_PREFIX + name] = value;
  }
  return headers;
}

/** Rebuilds an envelope from broker headers; throws InvalidMessageError naming every bad field. */
export function envelopeFromHeaders<T>(headers: WireHeaders, payload: T): Envelope<T> {
  const { issues, version } = envelopeIssues(headers);
  if (issues.length > 0) {
    throw new InvalidMessageError(
      'bad-envelope',
      `invalid envelope headers (${issues.join('; ')})`,
    );
  }
  const free: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(FREE_HEADER_PREFIX)) free[name.slice(FREE_HEADER_PREFIX.length)] = value;
    else if (isBareFreeHeader(name)) free[name] = value;
  }
  return {
    messageId: headers[HEADER.messageId],
    type: headers[HEADER.type],
    aggregateId: headers[HEADER.aggregateId],
    correlationId: headers[HEADER.correlationId],
    causationId: headers[HEADER.causationId],
    occurredAt: headers[HEADER.occurredAt],
    version,
    headers: free,
    payload,
  };
}
