import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Mutual authentication of TCP peers by a shared BUS_SECRET, without sending it: each side proves
 * it knows the secret by an HMAC-SHA256 over both sides' fresh nonces, so a recorded greeting
 * cannot be replayed. On the wire:
 *
 *   client → Hello      { service, instance, nonce: cN }
 *   server → Challenge  { nonce: sN, proof: HMAC(secret, "server", cN, sN, server service) }
 *   client → Proof      { proof: HMAC(secret, "client", sN, cN, client service, instance) }
 *   server → HelloReply (its routes), as without a secret
 *
 * Each proof is bound to its role and to the names the peer announced, so one side's proof is
 * never valid as the other's, nor for another service.
 */
export const NONCE_BYTES = 16;

export const newNonce = (): string => randomBytes(NONCE_BYTES).toString('base64url');

/** What the server proves: it answered this client's nonce with its own, as `server`. */
export function serverProof(
  secret: string,
  clientNonce: string,
  serverNonce: string,
  server: string,
): string {
  return hmac(secret, ['railyard-tcp/1 server', clientNonce, serverNonce, server]);
}

/** What the client proves: it answered the server's nonce, as `client` instance `instance`. */
export function clientProof(
  secret: string,
  serverNonce: string,
  clientNonce: string,
  client: string,
  instance: string,
): string {
  return hmac(secret, ['railyard-tcp/1 client', serverNonce, clientNonce, client, instance]);
}

/** Constant-time comparison, false for anything missing or of another length. */
export function proofMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A nonce as sent by newNonce(): refuses empty or oversized values before any HMAC work. */
export const isNonce = (value: string | undefined): value is string =>
  value !== undefined && /^[A-Za-z0-9_-]{16,64}$/.test(value);

function hmac(secret: string, parts: string[]): string {
  // Length-prefixed, so that no two different part lists hash the same text.
  const text = parts.map((part) => `${part.length}:${part}`).join('');
  return createHmac('sha256', secret).update(text).digest('base64url');
}
