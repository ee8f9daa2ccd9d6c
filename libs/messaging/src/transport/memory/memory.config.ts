import { z } from 'zod';
import { MemoryOptions } from './memory.options';

/** The one variable of the in-process transport. */
export const memoryEnvSchema = z.object({
  MESSAGING_MEMORY_BROKER: z.string().min(1).default('railyard'),
});

export type MemoryConfig = z.output<typeof memoryEnvSchema>;

export function memoryOptionsFrom(config: MemoryConfig): MemoryOptions {
  return { broker: config.MESSAGING_MEMORY_BROKER };
}
