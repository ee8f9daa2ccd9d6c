import { BadRequestException } from '@nestjs/common';

/** Encoded `/`, `\` and NUL: a path that decodes into another path, or ends early somewhere. */
const ENCODED_SEPARATOR = /%(?:2f|5c|00)/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * The path and query to send to the legacy application for a request target, or a 400. Only
 * origin-form targets (`/path?query`) under one of `prefixes` pass: an absolute-form request line
 * (`GET http://elsewhere/...`) or a protocol-relative one (`//elsewhere/...`) would name another
 * host, and a dot segment (raw or percent-encoded), an encoded slash or backslash, or a
 * backslash would leave the prefix on the legacy host once a server normalises it (issue 15).
 * Prefixes match without regard to case, as Express routes them.
 */
export function legacyTarget(target: string, prefixes: string[]): string {
  const refuse = (why: string) => new BadRequestException(`cannot proxy this path: ${why}`);
  if (!target.startsWith('/') || target.startsWith('//')) {
    throw refuse('only a path (origin-form) may be requested');
  }
  const queryAt = target.indexOf('?');
  const path = queryAt < 0 ? target : target.slice(0, queryAt);
  if (CONTROL.test(target)) throw refuse('control characters');
  if (path.includes('\\') || ENCODED_SEPARATOR.test(path)) {
    throw refuse('backslashes, encoded slashes and NUL are not allowed');
  }
  for (const segment of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw refuse('malformed percent-encoding');
    }
    if (decoded === '.' || decoded === '..') throw refuse('dot segments are not allowed');
  }
  const lower = path.toLowerCase();
  const under = prefixes.some((prefix) => {
    const p = prefix.toLowerCase();
    return lower === p || lower.startsWith(`${p}/`);
  });
  if (!under) throw refuse('not under a legacy route');
  return target;
}
