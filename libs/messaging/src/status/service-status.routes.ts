import { serviceStatusContract } from '@railyard/contracts';
import { Routes } from '../transport/transport';
import { ServiceStatusReader } from './service-status.reader';

/**
 * `routes` plus `<service>.admin.status`, answered by `reader`. Like the dead-letter admin
 * requests (transport/dead-letter-admin.routes.ts), served on the request queue or topic the
 * service already has, and only the gateway's admin routes send it.
 */
export function withServiceStatus(
  routes: Routes,
  service: string,
  reader: ServiceStatusReader,
): Routes {
  const { type } = serviceStatusContract(service);
  if (routes.requests.size === 0 || routes.requests.has(type)) return routes;
  const requests = new Map(routes.requests);
  requests.set(type, () => reader.read());
  return { events: routes.events, requests };
}
