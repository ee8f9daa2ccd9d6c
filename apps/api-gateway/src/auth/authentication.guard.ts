import {
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { OPEN_ROUTE } from '@railyard/platform';
import { AuthOptions } from './auth.config';
import { AUTH_OPTIONS } from './auth.tokens';
import { ANONYMOUS_ADMIN, Principal } from './principal';

interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: Principal;
}

/**
 * Every route needs a valid bearer token, except open ones (health probes), where a token is
 * optional and an invalid one is ignored rather than refused. With AUTH_REQUIRED=false every
 * caller is an admin.
 */
@Injectable()
export class AuthenticationGuard extends AuthGuard('jwt') {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!this.options.required) {
      request.user = ANONYMOUS_ADMIN;
      return true;
    }
    const open = this.reflector.getAllAndOverride<boolean>(OPEN_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!open) return (await super.canActivate(context)) as boolean;
    if (request.headers.authorization === undefined) return true;
    try {
      await super.canActivate(context);
    } catch {
      request.user = undefined;
    }
    return true;
  }

  /** Passport's verdict: the principal, or a 401 that says why (jsonwebtoken's fixed reasons). */
  override handleRequest<T = Principal>(error: unknown, principal: T | false, info: unknown): T {
    if (principal) return principal;
    if (error instanceof UnauthorizedException) throw error;
    if (error) this.logger.warn(`token verification failed: ${(error as Error).message}`);
    const reason = info instanceof Error ? info.message : 'no bearer token';
    throw new UnauthorizedException({
      message: `a valid bearer token is required (${reason === 'No auth token' ? 'none sent' : reason})`,
      details: { code: 'UNAUTHENTICATED' },
    });
  }
}
