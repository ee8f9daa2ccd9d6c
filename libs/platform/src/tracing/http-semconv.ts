/**
 * The HTTP server semantic-convention names the gateway's request spans use
 * (https://opentelemetry.io/docs/specs/semconv/http/http-spans/#http-server), all stable. Written
 * here rather than imported: @opentelemetry/semantic-conventions' entry loads every stable and
 * deprecated name at once (~35 ms at start-up), in every process that loads @railyard/platform,
 * traced or not.
 */
export const ATTR_HTTP_REQUEST_METHOD = 'http.request.method';
export const ATTR_HTTP_REQUEST_METHOD_ORIGINAL = 'http.request.method_original';
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
export const ATTR_HTTP_ROUTE = 'http.route';
export const ATTR_URL_PATH = 'url.path';
export const ATTR_URL_FULL = 'url.full';
export const ATTR_URL_SCHEME = 'url.scheme';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';
export const ATTR_USER_AGENT_ORIGINAL = 'user_agent.original';
export const ATTR_ERROR_TYPE = 'error.type';

/** The methods the conventions know (http.request.method's values); any other is `_OTHER`. */
export const KNOWN_HTTP_METHODS: ReadonlySet<string> = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'TRACE',
]);
export const HTTP_METHOD_OTHER = '_OTHER';
