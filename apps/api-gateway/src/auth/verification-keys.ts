import { createPublicKey, createSecretKey, KeyObject } from 'node:crypto';
import type { SecretOrKeyProvider } from 'passport-jwt';

/**
 * Keys handed to jsonwebtoken as KeyObjects, parsed once. Given a string, its verify() first tries
 * `createPublicKey()` on it and, for an HMAC secret, falls back to `createSecretKey()` only after
 * that parse has thrown, on every request (auth0/node-jsonwebtoken#1046, #966). On the gateway
 * that failed parse cost more than the rest of the token check; a KeyObject skips both.
 */
export function hmacKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

/** How many distinct JWKS keys are kept parsed: an identity provider publishes a handful. */
const PARSED_PUBLIC_KEYS = 16;

type KeyProvider = (
  request: unknown,
  rawJwtToken: unknown,
  done: (error: unknown, key?: string | Buffer | KeyObject) => void,
) => void;

/**
 * Wraps a provider of PEM public keys (jwks-rsa's) so each distinct PEM is parsed once. Bounded:
 * past PARSED_PUBLIC_KEYS the oldest entry goes, so rotated-away keys do not pile up.
 */
export function parsedPublicKeys(provider: KeyProvider): KeyProvider {
  const parsed = new Map<string, KeyObject>();
  return (request, rawJwtToken, done) =>
    provider(request, rawJwtToken, (error, key) => {
      if (error || typeof key !== 'string') return done(error, key);
      let object = parsed.get(key);
      if (!object) {
        try {
          object = createPublicKey(key);
        } catch (parseError) {
          return done(parseError);
        }
        if (parsed.size >= PARSED_PUBLIC_KEYS) parsed.delete(parsed.keys().next().value!);
        parsed.set(key, object);
      }
      done(null, object);
    });
}

/**
 * @types/passport-jwt types keys as `string | Buffer`, yet passport-jwt hands them to
 * jsonwebtoken's verify() untouched (its lib/verify_jwt.js), which takes a KeyObject: the one
 * place the declared type is bent to what runs.
 */
export function asPassportKey(key: KeyObject): Buffer;
export function asPassportKey(provider: KeyProvider): SecretOrKeyProvider;
export function asPassportKey(value: KeyObject | KeyProvider): unknown {
  return value;
}
