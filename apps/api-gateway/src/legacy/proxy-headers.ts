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

/**
 * What a client's request may carry to the legacy application by default: content negotiation,
 * conditional requests, tracing. Credentials (Authorization, Cookie) and anything else only when
 * LEGACY_FORWARD_HEADERS names them (issue 15): the gateway must not hand a client's or another
 * system's secrets, or internal control headers, to an application it does not own.
 */
const DEFAULT_FORWARDED = [
  'accept',
  'accept-language',
  'cache-control',
  'content-type',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-unmodified-since',
  'idempotency-key',
  'range',
  'user-agent',
  'x-request-id',
];

/** Never forwarded, even when named: recomputed by fetch, or set by the gateway itself. */
const NEVER_FORWARDED = new Set(['host', 'content-length', 'expect', 'forwarded']);

/** The request headers to forward: the defaults plus the configured ones, lower-cased. */
export function forwardedHeaderNames(extra: string[] = []): ReadonlySet<string> {
  return new Set([...DEFAULT_FORWARDED, ...extra.map((name) => name.trim().toLowerCase())]);
}

/** What fetch already undid (it decompresses) or Express recomputes when it sends. */
const NOT_RETURNED = new Set(['content-length', 'content-encoding']);

function connectionTokens(value: string | null | undefined): Set<string> {
  return new Set((value ?? '').split(',').map((token) => token.trim().toLowerCase()));
}

export interface ForwardedFor {
  /** Express's `request.ip`: the socket's address unless `trust proxy` was configured. */
  clientIp?: string;
  /** Express's `request.protocol`, by the same rule. */
  protocol: string;
  /** Express's `request.hostname`: the Host the client asked for, by the same rule. */
  host?: string;
}

/**
 * The allowed client headers for the upstream, plus X-Forwarded-For, -Proto and -Host as the
 * gateway itself saw the request. A client's own X-Forwarded-* are never passed on (they are
 * whatever the client chose to write); Express reads them only from proxies GATEWAY_TRUST_PROXY
 * names.
 */
export function requestHeadersFor(
  headers: IncomingHttpHeaders,
  allowed: ReadonlySet<string>,
  forwarded: ForwardedFor,
): Headers {
  const named = connectionTokens(headers.connection);
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || !allowed.has(name) || name.startsWith('x-forwarded-')) continue;
    if (HOP_BY_HOP.has(name) || NEVER_FORWARDED.has(name) || named.has(name)) continue;
    for (const item of Array.isArray(value) ? value : [value]) out.append(name, item);
  }
  if (forwarded.clientIp) out.set('x-forwarded-for', forwarded.clientIp);
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
