import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const root = join(__dirname, '..', '..', '..');

/**
 * The schema an app validates its environment with at start: the one `<name>EnvSchema` that its
 * `src/config/*.config.ts` files export (a generated service has one too). Deploy checks parse
 * the environment a deployment gives the app with it, as the app would.
 */
export async function appEnvSchema(app: string): Promise<z.ZodTypeAny> {
  const dir = join(root, 'apps', app, 'src', 'config');
  const schemas: z.ZodTypeAny[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.config.ts'))) {
    const exported = (await import(join(dir, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported)) {
      if (name.endsWith('EnvSchema') && value instanceof z.ZodType) schemas.push(value);
    }
  }
  if (schemas.length !== 1) {
    throw new Error(`${app}: expected one *EnvSchema export in ${dir}, found ${schemas.length}`);
  }
  return schemas[0];
}

/** Every variable the schema reads (its object's keys, through any refinement). */
export function schemaVariables(schema: z.ZodTypeAny): string[] {
  let inner = schema;
  while (inner instanceof z.ZodEffects) inner = inner.innerType();
  if (!(inner instanceof z.ZodObject)) throw new Error('an env schema is an object schema');
  return Object.keys(inner.shape as object);
}
