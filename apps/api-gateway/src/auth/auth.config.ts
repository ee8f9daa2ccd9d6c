import { envBoolean } from '@railyard/platform';
import { z } from 'zod';
import { DEVELOPMENT_JWT_SECRET } from './development-secret';

/** Shorter HMAC keys can be brute-forced from one captured token (RFC 7518 §3.2: ≥ 256 bits). */
const MIN_SECRET_LENGTH = 32;

/** The gateway's authentication settings, as read from the environment. */
export const authEnvSchema = z.object({
  // Off only for local experiments: every caller is then treated as an admin.
  AUTH_REQUIRED: envBoolean().default('true'),
  // HS256 key shared with whoever issues tokens (`npm run token` here). Ignored with a JWKS URL.
  AUTH_JWT_SECRET: z
    .string()
    .min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`)
    .default(DEVELOPMENT_JWT_SECRET),
  // RS256 tokens from an identity provider, verified against its published keys.
  AUTH_JWKS_URL: z.string().url().optional(),
  AUTH_JWT_ISSUER: z.string().min(1).optional(),
  AUTH_JWT_AUDIENCE: z.string().min(1).optional(),
  NODE_ENV: z.string().optional(),
});

export type AuthEnv = z.output<typeof authEnvSchema>;

/** What the gateway's authentication needs: an HS256 secret or an identity provider's JWKS URL. */
export type AuthOptions = {
  required: boolean;
  issuer?: string;
  audience?: string;
} & ({ secret: string; jwksUrl?: undefined } | { jwksUrl: string; secret?: undefined });

export function authOptions(env: AuthEnv): AuthOptions {
  return {
    required: env.AUTH_REQUIRED,
    ...(env.AUTH_JWKS_URL ? { jwksUrl: env.AUTH_JWKS_URL } : { secret: env.AUTH_JWT_SECRET }),
    ...(env.AUTH_JWT_ISSUER ? { issuer: env.AUTH_JWT_ISSUER } : {}),
    ...(env.AUTH_JWT_AUDIENCE ? { audience: env.AUTH_JWT_AUDIENCE } : {}),
  };
}

/** Settings that parse but must not run: the public development secret in production. */
export function authProblems(env: AuthEnv): { variable: string; message: string }[] {
  const developmentSecret = !env.AUTH_JWKS_URL && env.AUTH_JWT_SECRET === DEVELOPMENT_JWT_SECRET;
  if (env.NODE_ENV === 'production' && env.AUTH_REQUIRED && developmentSecret) {
    return [
      {
        variable: 'AUTH_JWT_SECRET',
        message: 'is the public development secret; set your own (32+ characters) in production',
      },
    ];
  }
  return [];
}

export function usesDevelopmentSecret(options: AuthOptions): boolean {
  return options.secret === DEVELOPMENT_JWT_SECRET;
}
