import { z } from 'zod';
import { Routes } from '../transport';
import { FrameError } from './frame.error';

/** What a server tells its clients in HelloReply and Routes frames. */
export interface PeerRoutes {
  service: string;
  /** false until listen(): the events set is then empty, yet the peer may still subscribe soon. */
  consuming: boolean;
  events: ReadonlySet<string>;
  requests: ReadonlySet<string>;
}

const MAX_ROUTES = 10_000;

const routesSchema = z.object({
  service: z.string().min(1).max(256),
  consuming: z.boolean(),
  events: z.array(z.string()).max(MAX_ROUTES),
  requests: z.array(z.string()).max(MAX_ROUTES),
});

export function encodeRoutes(service: string, routes: Routes | undefined): Buffer {
  return Buffer.from(
    JSON.stringify({
      service,
      consuming: routes !== undefined,
      events: [...(routes?.events.keys() ?? [])],
      requests: [...(routes?.requests.keys() ?? [])],
    }),
    'utf8',
  );
}

export function decodeRoutes(body: Buffer): PeerRoutes {
  let parsed: z.infer<typeof routesSchema>;
  try {
    parsed = routesSchema.parse(JSON.parse(body.toString('utf8')));
  } catch (error) {
    throw new FrameError('malformed', `bad routes from peer: ${(error as Error).message}`);
  }
  return { ...parsed, events: new Set(parsed.events), requests: new Set(parsed.requests) };
}
