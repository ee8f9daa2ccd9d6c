import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Lowest port handed out; below it are the well-known and registered services people run. */
const LOWEST = 10_000;
/**
 * Fixed ports of what runs beside the tests and may be down at the moment we look: RabbitMQ's
 * management UI, metrics and Erlang distribution, the chaos suite's Kafka fault listener's proxy.
 */
const RESERVED = new Set([15672, 15692, 25672, 19094]);
const handedOut = new Set<number>(RESERVED);

/**
 * A port nothing listens on right now, for an app that binds it a little later. Taken below the
 * kernel's ephemeral range: a port from that range (what `listen(0)` gives) can be taken meanwhile
 * as the local end of any outgoing connection (seen in the chaos suite: an app failed to start,
 * "port … already in use", while the others were connecting to each other and to the brokers).
 * Never the same port twice in one process. Falls back to the OS's pick where the range is unknown.
 */
export async function freePort(): Promise<number> {
  const ephemeralStart = ephemeralRangeStart();
  if (ephemeralStart === undefined || ephemeralStart - LOWEST < 1_000) return osPort();
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (ephemeralStart - LOWEST));
    if (handedOut.has(port) || !(await canBind(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${ephemeralStart} after 100 tries`);
}

function ephemeralRangeStart(): number | undefined {
  try {
    const low = Number(
      readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0],
    );
    return Number.isInteger(low) && low > 0 ? low : undefined;
  } catch {
    return undefined;
  }
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function osPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
