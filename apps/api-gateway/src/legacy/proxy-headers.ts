import { IncomingHttpHeaders } from 'node:http';

/** RFC 9110 §7.6.1: meaningful for one connection only, never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Recomputed by fetch for the upstream, or meaningless to it (expect: fetch refuses it). */
const NOT_FORWARDED = new Set(['host', 'content-length', 'expect']);

/** What fetch already undid (it decompresses) or Express recomputes when it sends. */
const NOT_RETURNED = new Set(['content-length', 'content-encoding']);

function connectionTokens(value: string | null | undefined): Set<string> {
  return new Set((value ?? '').split(',').map((token) => token.trim().toLowerCase()));
}

export interface ForwardedFor {
  clientIp?: string;
  protocol: string;
  host?: string;
}

/** The client's headers for the upstream, plus the X-Forwarded-* a proxy owes it. */
export function requestHeadersFor(headers: IncomingHttpHeaders, forwarded: ForwardedFor): Headers {
  const named = connectionTokens(headers.connection);
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || NOT_FORWARDED.has(name) || named.has(name)) {
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) out.append(name, item);
  }
  const priorFor = headers['x-forwarded-for'];
  const chain = [priorFor, forwarded.clientIp].filter(Boolean).join(', ');
  if (chain) out.set('x-forwarded-for', chain);
  out.set('x-forwarded-proto', forwarded.protocol);
  if (forwarded.host) out.set('x-forwarded-host', forwarded.host);
  return out;
}

/** The upstream's headers for the client, each Set-Cookie kept apart. */
export function responseHeadersFrom(headers: Headers): Array<[string, string | string[]]> {
  const named = connectionTokens(headers.get('connection'));
  const out: Array<[string, string | string[]]> = [];
  headers.forEach((value, name) => {
    if (HOP_BY_HOP.has(name) || NOT_RETURNED.has(name) || named.has(name)) return;
    if (name !== 'set-cookie') out.push([name, value]);
  });
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) out.push(['set-cookie', cookies]);
  return out;
}
