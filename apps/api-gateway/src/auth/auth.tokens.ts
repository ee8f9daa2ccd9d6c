export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
/** Routes only an admin token may call (set by @AdminOnly). */
export const ADMIN_ONLY = 'railyard:admin-only';
