import { GatewayConfig } from '../config/gateway.config';
import { splitPathPrefixes } from '../config/env-path-prefixes';

export interface LegacyOptions {
  /** Base URL of the legacy application; a path in it prefixes every proxied path. */
  url: string;
  /** Path prefixes it still serves, e.g. `/reports`: that path and everything below it. */
  routes: string[];
  /** Client headers forwarded beyond the defaults (proxy-headers.ts), e.g. `authorization`. */
  forwardHeaders?: string[];
}

export const LEGACY_OPTIONS = Symbol('LEGACY_OPTIONS');

/** Needed when the module is defined, since routes cannot change once Nest has registered them. */
export function legacyOptionsFrom(env: GatewayConfig): LegacyOptions | undefined {
  const routes = splitPathPrefixes(env.LEGACY_ROUTES);
  const forwardHeaders = env.LEGACY_FORWARD_HEADERS.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return env.LEGACY_URL && routes.length > 0
    ? { url: env.LEGACY_URL, routes, forwardHeaders }
    : undefined;
}
