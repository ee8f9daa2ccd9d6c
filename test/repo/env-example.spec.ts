import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every variable the code reads must be documented in .env.example (and nothing stale stays). */
const root = join(__dirname, '..', '..');
const documented = new Set(
  readFileSync(join(root, '.env.example'), 'utf8')
    .split('\n')
    .map((line) => /^#? ?([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined),
);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'files' ? [] : sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

const code = ['apps', 'libs'].flatMap((dir) => sources(join(root, dir)));
const text = code.map((file) => readFileSync(file, 'utf8')).join('\n');
// Schema keys (`NAME: z...` / `NAME: env...`) and direct reads (`process.env.NAME`).
const read = new Set([
  ...[...text.matchAll(/^\s+([A-Z][A-Z0-9_]+): (?:z\.|env)/gm)].map((m) => m[1]),
  ...[...text.matchAll(/process\.env\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]),
]);
const IGNORED = new Set(['NODE_ENV']);

describe('.env.example', () => {
  it('documents every variable the code reads', () => {
    const missing = [...read].filter((name) => !documented.has(name) && !IGNORED.has(name));
    expect(missing).toEqual([]);
  });

  it('documents the per-service host and TCP port of every service', () => {
    for (const service of ['ORDER', 'INVENTORY', 'PAYMENT']) {
      for (const suffix of ['HOST', 'TCP_PORT', 'HTTP_PORT']) {
        expect(documented).toContain(`${service}_${suffix}`);
      }
    }
  });
});
