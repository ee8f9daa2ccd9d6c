import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { Principal } from './principal';

/**
 * The request's principal, set by AuthenticationGuard. Fails closed: a route reached without one
 * (a module mounted without AuthModule) answers 401 instead of acting for nobody in particular.
 */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => {
    const { user } = context.switchToHttp().getRequest<{ user?: Principal }>();
    if (!user) {
      throw new UnauthorizedException({
        message: 'a valid bearer token is required',
        details: { code: 'UNAUTHENTICATED' },
      });
    }
    return user;
  },
);
