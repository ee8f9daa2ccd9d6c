import { authHeaders } from './gateway-tokens';

/** Headers that send no token at all (an exchange otherwise carries an admin's). */
export const WITHOUT_TOKEN: Readonly<Record<string, string>> = Object.freeze({ authorization: '' });

/** One HTTP exchange with the gateway, timed from the client. Never throws for HTTP errors. */
export interface Exchange {
  status: number;
  headers: Headers;
  body: unknown;
  /** Client-side wall time, including this test process's own scheduling. */
  ms: number;
}

/**
 * Sends an admin's token unless `headers` has an authorization of its own (a customer's from
 * authHeaders(customerId), another, or none with WITHOUT_TOKEN).
 */
export async function send(
  method: string,
  url: string,
  options: {
    json?: unknown;
    body?: string;
    headers?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<Exchange> {
  const headers: Record<string, string> = withToken(options.headers ?? {});
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const started = performance.now();
  const response = await fetch(url, {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed, ms };
}

function withToken(given: Record<string, string>): Record<string, string> {
  const named = Object.keys(given).find((name) => name.toLowerCase() === 'authorization');
  if (named === undefined) return { ...authHeaders(), ...given };
  const headers = { ...given };
  if (headers[named] === '') delete headers[named];
  return headers;
}

export const get = (url: string, headers?: Record<string, string>) => send('GET', url, { headers });
export const post = (url: string, json: unknown, headers?: Record<string, string>) =>
  send('POST', url, { json, headers });

/** Parses `Server-Timing: a;dur=1.5;desc="x", total;dur=3` into { a: { dur, desc }, ... }. */
export function serverTiming(headers: Headers): Record<string, { dur: number; desc?: string }> {
  const entries = (headers.get('server-timing') ?? '').split(',').map((entry) => {
    const [name, ...params] = entry.trim().split(';');
    const values = Object.fromEntries(params.map((param) => param.split('=')));
    return [
      name,
      { dur: Number(values.dur), ...(values.desc ? { desc: values.desc.replace(/"/g, '') } : {}) },
    ] as const;
  });
  return Object.fromEntries(entries.filter(([name]) => name));
}

/** Calls `probe` until it returns something truthy, or fails with the last value. */
export async function eventually<T>(
  probe: () => Promise<T>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await probe();
      if (last) return last as T;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) {
      throw new Error(`not true within ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
