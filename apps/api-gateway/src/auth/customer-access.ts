import { ForbiddenException } from '@nestjs/common';
import { Principal } from './principal';

/**
 * A customer's token acts only for that customer (its `sub`); an admin's acts for anyone. What
 * another customer owns answers 403.
 */
export function assertMayActFor(principal: Principal, customerId: string): void {
  if (principal.role === 'admin' || principal.subject === customerId) return;
  throw new ForbiddenException({
    message: "a customer's token gives access to that customer's own orders, account and payments",
    details: { code: 'NOT_YOUR_RESOURCE' },
  });
}
