import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { passportJwtSecret } from 'jwks-rsa';
import { ExtractJwt, Strategy, StrategyOptionsWithoutRequest } from 'passport-jwt';
import { AuthOptions } from './auth.config';
import { AUTH_OPTIONS } from './auth.tokens';
import { Principal, principalFromClaims } from './principal';
import { asPassportKey, hmacKey, parsedPublicKeys } from './verification-keys';

/** Keys an identity provider publishes change rarely; a kid we have not seen triggers a fetch. */
const JWKS_CACHE_MS = 10 * 60_000;
/** Unknown kids in forged tokens must not turn the gateway into a JWKS request flood. */
const JWKS_REQUESTS_PER_MINUTE = 10;

/**
 * Bearer tokens: HS256 with the configured secret, or RS256 against a JWKS URL. The algorithm is
 * pinned, so `alg: none` and an HS256 token signed with the RSA public key are both refused.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(AUTH_OPTIONS) options: AuthOptions) {
    super(strategyOptions(options));
  }

  validate(claims: unknown): Principal {
    const principal = principalFromClaims(claims);
    if (typeof principal === 'string') {
      throw new UnauthorizedException({ message: principal, details: { code: 'UNAUTHENTICATED' } });
    }
    return principal;
  }
}

function strategyOptions(options: AuthOptions): StrategyOptionsWithoutRequest {
  const common = {
    jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
    ignoreExpiration: false,
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(options.audience ? { audience: options.audience } : {}),
  };
  if (options.jwksUrl !== undefined) {
    return {
      ...common,
      algorithms: ['RS256'],
      secretOrKeyProvider: asPassportKey(
        parsedPublicKeys(
          passportJwtSecret({
            jwksUri: options.jwksUrl,
            cache: true,
            cacheMaxAge: JWKS_CACHE_MS,
            rateLimit: true,
            jwksRequestsPerMinute: JWKS_REQUESTS_PER_MINUTE,
          }),
        ),
      ),
    };
  }
  return { ...common, algorithms: ['HS256'], secretOrKey: asPassportKey(hmacKey(options.secret)) };
}
