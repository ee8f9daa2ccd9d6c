import { serviceStatus } from '@railyard/contracts';
import { BREAKER_STATES } from '@railyard/resilience';
import { z } from 'zod/v4';
import { apiSchema } from '../../http/api-schemas';

const count = z.number().int().min(0);

/** One downstream as this gateway sees it: its breaker, and its bulkhead's load. */
export const downstreamView = z.object({
  name: z.string(),
  breaker: z.enum(BREAKER_STATES),
  bulkhead: z.object({
    active: count,
    queued: count,
    capacity: count,
    queueCapacity: count,
  }),
});
export type DownstreamView = z.output<typeof downstreamView>;

/** A service that answered its status request (counters are the answering instance's). */
const reachableService = serviceStatus.extend({ reachable: z.literal(true) });
/** A service that did not answer in time, or answered with an error. */
const unreachableService = z.object({
  service: z.string(),
  reachable: z.literal(false),
  error: z.string(),
});
export const serviceOverview = z.discriminatedUnion('reachable', [
  reachableService,
  unreachableService,
]);
export type ServiceOverview = z.output<typeof serviceOverview>;

/** GET /admin/overview, and the data of each `overview` event of GET /admin/stream. */
export const consoleOverview = apiSchema(
  'ConsoleOverview',
  z.object({
    at: z.string(),
    gateway: z.object({ downstreams: z.array(downstreamView) }),
    services: z.array(serviceOverview),
  }),
);
export type ConsoleOverview = z.output<typeof consoleOverview>;
