/** Who made a request, as its verified token says. */
export interface Principal {
  /** The token's `sub`: a customerId for customers. */
  subject: string;
  role: Role;
}

export const ROLES = ['admin', 'customer'] as const;
export type Role = (typeof ROLES)[number];

/** AUTH_REQUIRED=false: every caller may do everything. */
export const ANONYMOUS_ADMIN: Principal = Object.freeze({ subject: 'anonymous', role: 'admin' });

/**
 * The principal a verified token's claims name, or why there is none. A token without `role` is
 * a customer's; an unknown role is refused rather than read as the least privileged, so a typo in
 * an issuer's configuration shows at once.
 */
export function principalFromClaims(claims: unknown): Principal | string {
  if (typeof claims !== 'object' || claims === null) return 'the token has no claims';
  const { sub, role = 'customer' } = claims as { sub?: unknown; role?: unknown };
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128) {
    return 'the token has no subject (sub)';
  }
  if (!ROLES.includes(role as Role)) return `the token's role must be one of ${ROLES.join(', ')}`;
  return { subject: sub, role: role as Role };
}

export const isAdmin = (principal: Principal | undefined): boolean => principal?.role === 'admin';
