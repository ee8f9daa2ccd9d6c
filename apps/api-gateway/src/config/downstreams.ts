import { ServiceName } from '@railyard/contracts';

/** Everything the gateway calls, each behind its own policy: the three services and the monolith. */
export const DOWNSTREAMS = ['order', 'inventory', 'payment', 'legacy'] as const;
export type Downstream = (typeof DOWNSTREAMS)[number];

/** The bus targets among them. */
export const SERVICE_DOWNSTREAMS = [
  'order',
  'inventory',
  'payment',
] as const satisfies readonly ServiceName[];
