import { DEVELOPMENT_JWT_SECRET } from '../../apps/api-gateway/src/auth/development-secret';
import { signToken } from '../../apps/api-gateway/src/auth/sign-token';

/** Long enough for the longest chaos or bench run; tokens are cached per subject. */
const TOKEN_TTL_SECONDS = 12 * 3_600;
const cache = new Map<string, string>();

/**
 * Tokens for the gateways that tests, chaos and bench start: signed with the secret those
 * gateways get, AUTH_JWT_SECRET from this process's environment (which they inherit) or the
 * development default.
 */
export function gatewaySecret(): string {
  const configured = process.env.AUTH_JWT_SECRET?.trim();
  return configured ? configured : DEVELOPMENT_JWT_SECRET;
}

export function adminToken(): string {
  return token('admin', 'admin');
}

/** A customer's token: it may order for, and read, that customer only. */
export function customerToken(customerId: string): string {
  return token('customer', customerId);
}

/** `{ authorization: 'Bearer …' }` for an admin, or for `customerId`. */
export function authHeaders(customerId?: string): { authorization: string } {
  return {
    authorization: `Bearer ${customerId === undefined ? adminToken() : customerToken(customerId)}`,
  };
}

function token(role: 'admin' | 'customer', subject: string): string {
  const key = `${role}:${subject}`;
  let signed = cache.get(key);
  if (!signed) {
    signed = signToken({ subject, role, expiresInSeconds: TOKEN_TTL_SECONDS }, gatewaySecret());
    cache.set(key, signed);
  }
  return signed;
}
