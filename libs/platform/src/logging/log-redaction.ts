/**
 * What pino never writes (`redact` option): credentials in request and response headers, and
 * secret-looking fields of any logged object one level down. Censored, not removed, so a reader
 * sees that there was one.
 */
export const LOG_REDACTION = {
  paths: [
    'req.headers.authorization',
    'req.headers["proxy-authorization"]',
    'req.headers.cookie',
    'req.headers["x-api-key"]',
    'res.headers["set-cookie"]',
    '*.password',
    '*.token',
    '*.secret',
    '*.accessToken',
    '*.refreshToken',
    '*.apiKey',
  ],
  censor: '[redacted]',
};
