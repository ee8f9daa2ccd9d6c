// The runtime guard every npm script runs, here silent on success: stdout holds the token only.
(require('../../../../scripts/lib/runtime') as { assertRuntime(): void }).assertRuntime();

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv as parseDotEnv } from 'node:util';
import { ConfigValidationError, parseEnv } from '@railyard/platform';
import { authEnvSchema } from './auth.config';
import { signToken } from './sign-token';
import { parseTokenArgs, TOKEN_USAGE } from './token-args';

/**
 * `npm run -s token -- --sub <customerId>` / `-- --role admin`: prints only the token, so that
 * `TOKEN=$(npm run -s token -- --sub c-1)` works. The secret is the gateway's: AUTH_JWT_SECRET
 * from the environment, else from .env in the working directory (as @nestjs/config reads it),
 * else the development default.
 */
function main(): number {
  const args = parseTokenArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    process.stderr.write(`token: ${args}\n\n${TOKEN_USAGE}\n`);
    return 2;
  }
  if ('help' in args) {
    process.stdout.write(`${TOKEN_USAGE}\n`);
    return 0;
  }
  const dotEnvFile = join(process.cwd(), '.env');
  const fromFile = existsSync(dotEnvFile) ? parseDotEnv(readFileSync(dotEnvFile, 'utf8')) : {};
  const env = parseEnv(authEnvSchema, { ...fromFile, ...process.env });
  if (env.AUTH_JWKS_URL) {
    process.stderr.write(
      'token: AUTH_JWKS_URL is set, so the gateway takes RS256 tokens from your identity provider; ' +
        'ask it for one.\n',
    );
    return 2;
  }
  const token = signToken(
    {
      ...args,
      ...(env.AUTH_JWT_ISSUER ? { issuer: env.AUTH_JWT_ISSUER } : {}),
      ...(env.AUTH_JWT_AUDIENCE ? { audience: env.AUTH_JWT_AUDIENCE } : {}),
    },
    env.AUTH_JWT_SECRET,
  );
  process.stdout.write(`${token}\n`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  const message = error instanceof ConfigValidationError ? error.message : String(error);
  process.stderr.write(`token: ${message}\n`);
  process.exitCode = 2;
}
