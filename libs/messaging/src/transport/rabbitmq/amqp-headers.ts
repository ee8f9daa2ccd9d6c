import type { MessageProperties } from 'amqplib';
import { WireHeaders } from '../../envelope/envelope-headers';

/**
 * AMQP header tables carry typed values (strings, numbers, byte arrays, nested tables such as
 * `x-death`). The pipeline reads a string map and validates it; scalars become strings, byte arrays
 * UTF-8 text, nested values are left out. `__proto__` is skipped: assigning it would swap the map's
 * prototype instead of adding a header.
 */
export function toWireHeaders(headers: MessageProperties['headers']): WireHeaders {
  const wire: WireHeaders = {};
  if (!headers || typeof headers !== 'object') return wire;
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (name === '__proto__') continue;
    const text = headerText(value);
    if (text !== undefined) wire[name] = text;
  }
  return wire;
}

function headerText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      return Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
  }
}

/** AMQP `timestamp` is whole seconds; undefined when the text is not a date. */
export function amqpTimestamp(isoDate: string): number | undefined {
  const ms = Date.parse(isoDate);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}
