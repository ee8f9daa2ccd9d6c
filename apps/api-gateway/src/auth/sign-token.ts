import { sign } from 'jsonwebtoken';
import { Role } from './principal';

export interface TokenClaims {
  subject: string;
  role: Role;
  expiresInSeconds: number;
  issuer?: string;
  audience?: string;
}

/** An HS256 token the gateway accepts when configured with `secret` (the token CLI, tests, bench). */
export function signToken(claims: TokenClaims, secret: string): string {
  return sign({ role: claims.role }, secret, {
    algorithm: 'HS256',
    subject: claims.subject,
    expiresIn: claims.expiresInSeconds,
    ...(claims.issuer ? { issuer: claims.issuer } : {}),
    ...(claims.audience ? { audience: claims.audience } : {}),
  });
}
