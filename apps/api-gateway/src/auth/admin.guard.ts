import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ADMIN_ONLY } from './auth.tokens';
import { isAdmin, Principal } from './principal';

/** Routes marked @AdminOnly() answer 403 to any token but an admin's. */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const adminOnly = this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!adminOnly) return true;
    const { user } = context.switchToHttp().getRequest<{ user?: Principal }>();
    if (isAdmin(user)) return true;
    throw new ForbiddenException({
      message: 'this route needs an admin token',
      details: { code: 'ADMIN_ONLY' },
    });
  }
}
