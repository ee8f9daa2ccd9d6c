/**
 * One server-sent event: `event:` then `data:` with the JSON on one line (JSON.stringify escapes
 * newlines inside strings, so the data never spans lines), ended by a blank line.
 */
export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: keeps proxies and the browser from taking a quiet stream for a dead one. */
export const SSE_HEARTBEAT = ': heartbeat\n\n';
