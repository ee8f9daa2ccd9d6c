import { z } from 'zod';

const PREFIX = /^(?:\/[A-Za-z0-9._~-]+)+$/;
/** The gateway's own endpoints: never handed to another upstream. */
const RESERVED = ['/health', '/docs'];

/** A comma-separated list of URL path prefixes (`/reports,/customers/export`); kept as text. */
export const envPathPrefixes = () =>
  z.string().superRefine((value, ctx) => {
    for (const prefix of splitPathPrefixes(value)) {
      if (!PREFIX.test(prefix) || prefix.split('/').some((s) => s === '.' || s === '..')) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `"${prefix}" is not a path prefix like /reports (letters, digits, . _ ~ - and /)`,
        });
      } else if (RESERVED.some((r) => prefix === r || prefix.startsWith(`${r}/`))) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${prefix}" is the gateway's own` });
      }
    }
  });

/**
 * Text, not an array, so that @nestjs/config copies a value from .env into process.env (it copies
 * strings and numbers only).
 */
export function splitPathPrefixes(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((part) => part.trim().replace(/\/+$/, ''))
    .filter((part) => part.length > 0);
}
