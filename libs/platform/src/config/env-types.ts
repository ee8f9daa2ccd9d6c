import { z } from 'zod';

/** Zod pieces for environment variables, which always arrive as strings. */
export const envInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const envPort = () => envInt(1, 65535);

export const envCsv = () =>
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    )
    .pipe(z.array(z.string()).min(1));

export const envBoolean = () =>
  z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
