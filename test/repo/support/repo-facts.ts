import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the deploy checks compare their files with, read from the repository once. */
export const repoRoot = join(__dirname, '..', '..', '..');
export const readRepoFile = (file: string) => readFileSync(join(repoRoot, file), 'utf8');

/** Every variable .env.example documents (set or commented out), with its example value. */
export const envExample: Record<string, string> = Object.fromEntries(
  readRepoFile('.env.example')
    .split('\n')
    .map((line) => /^#? ?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [match[1], match[2]]),
);

/** The applications of nest-cli.json: the gateway and every service, generated ones included. */
export const applications: string[] = Object.entries(
  JSON.parse(readRepoFile('nest-cli.json')).projects as Record<string, { type: string }>,
)
  .filter(([, project]) => project.type === 'application')
  .map(([name]) => name);

export const GATEWAY = 'api-gateway';

/** An app's variable prefix: GATEWAY (GATEWAY_HTTP_PORT), ORDER, ORDER_HISTORY, ... */
export function variablePrefix(app: string): string {
  if (app === GATEWAY) return 'GATEWAY';
  return app
    .replace(/-service$/, '')
    .toUpperCase()
    .replace(/-/g, '_');
}
