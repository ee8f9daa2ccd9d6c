import { z } from 'zod';
import { SERVICES, ServiceName } from '@railyard/contracts';
import { envPort } from '@railyard/platform';
import { TcpPeer } from './tcp.options';

/** `shipping-label` → `SHIPPING_LABEL`: the prefix of a service's variables. */
type EnvPrefix<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Uppercase<Head>}_${EnvPrefix<Tail>}`
  : Uppercase<S>;

const peerHost = () => z.string().min(1).default('127.0.0.1');
const peerPort = (port: number) => envPort().default(port);

/** `<SERVICE>_HOST` and `<SERVICE>_TCP_PORT` of every service in SERVICES, typed by name. */
type PeerVariables = {
  [S in ServiceName as `${EnvPrefix<S>}_HOST`]: ReturnType<typeof peerHost>;
} & {
  [S in ServiceName as `${EnvPrefix<S>}_TCP_PORT`]: ReturnType<typeof peerPort>;
};

function envPrefix(service: string): string {
  return service.toUpperCase().replace(/-/g, '_');
}

/**
 * Where each service of SERVICES listens, as variables of the schema itself (not read aside), so
 * an app's parsed config holds them and a bad port stops the start like any other variable.
 */
export const tcpPeerVariables = Object.fromEntries(
  Object.entries(SERVICES).flatMap(([service, { tcpPort }]) => [
    [`${envPrefix(service)}_HOST`, peerHost()],
    [`${envPrefix(service)}_TCP_PORT`, peerPort(tcpPort)],
  ]),
) as PeerVariables;

/** The peers those variables describe, one per service of SERVICES. */
export function tcpPeersFrom(config: z.output<z.ZodObject<PeerVariables>>): TcpPeer[] {
  const values = config as Record<string, unknown>;
  return Object.keys(SERVICES).map((name) => ({
    name,
    host: values[`${envPrefix(name)}_HOST`] as string,
    port: values[`${envPrefix(name)}_TCP_PORT`] as number,
  }));
}
