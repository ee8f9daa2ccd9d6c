import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
  HTTP_METHOD_OTHER,
  KNOWN_HTTP_METHODS,
} from './http-semconv';

/** What a request span reads of an incoming request: Node's, with what Express adds. */
export interface IncomingHttpRequest {
  method: string;
  url: string;
  /** Express: the URL as it arrived, before any mount point was stripped from `url`. */
  originalUrl?: string;
  /** Express: `https` when a trusted proxy says so (X-Forwarded-Proto) or the socket is TLS. */
  protocol?: string;
  /** Express 5: the Host header (X-Forwarded-Host from a trusted proxy), port included. */
  host?: string;
  headers: Record<string, string | string[] | undefined>;
}

/** The method as the conventions name it: a known one as sent, any other `_OTHER`. */
export function httpMethodOf(request: IncomingHttpRequest): string {
  return KNOWN_HTTP_METHODS.has(request.method) ? request.method : HTTP_METHOD_OTHER;
}

/**
 * What is known of a request when it arrives. No `url.query`: a query string may carry tokens or
 * personal data, and nothing here redacts it. No `client.address`: a person's IP address is
 * personal data, kept out of traces that anyone with collector access reads.
 */
export function httpRequestAttributes(request: IncomingHttpRequest, method: string): Attributes {
  const scheme = request.protocol ?? 'http';
  const url = request.originalUrl ?? request.url;
  const query = url.indexOf('?');
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_URL_PATH]: query === -1 ? url : url.slice(0, query),
    [ATTR_URL_SCHEME]: scheme,
    ...serverOf(request.host ?? request.headers.host, scheme),
  };
  if (method === HTTP_METHOD_OTHER) attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = request.method;
  const userAgent = request.headers['user-agent'];
  if (typeof userAgent === 'string') attributes[ATTR_USER_AGENT_ORIGINAL] = userAgent;
  return attributes;
}

/** `name:port`, `[v6 address]:port`, or either without the port. */
const HOST = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/;
const DEFAULT_PORT: Record<string, number> = { http: 80, https: 443 };

/** server.address and server.port from the Host header, as the conventions derive them. */
function serverOf(host: string | string[] | undefined, scheme: string): Attributes {
  const match = typeof host === 'string' ? HOST.exec(host) : null;
  if (!match) return {};
  const port = match[3] ? Number(match[3]) : DEFAULT_PORT[scheme];
  return {
    [ATTR_SERVER_ADDRESS]: match[1] ?? match[2],
    ...(port === undefined ? {} : { [ATTR_SERVER_PORT]: port }),
  };
}
