import { deadLetterAdminContracts, MessageContract, PayloadOf } from '@railyard/contracts';
import { parsePayload } from '@railyard/platform';
import { encodePayload } from '../envelope/payload.codec';
import { DeadLetterSelection, DeadLetterStore } from './dead-letter-store';
import { RequestHandler, Routes } from './transport';

/**
 * `routes` plus the dead-letter admin requests of `service` (libs/contracts'
 * deadLetterAdminContracts), answered from `store`. Every service that serves requests gets them
 * from its transport, so no app (nor the generator's template) has to wire anything. They are
 * served to whoever can reach the service on the bus: the bus is authenticated (TCP HMAC, broker
 * credentials) and only the gateway's admin routes, behind its admin guard, send them.
 */
export function withDeadLetterAdmin(
  routes: Routes,
  service: string,
  store: DeadLetterStore | undefined,
  /** An edited payload is held to the bus's size limit, as any message sent. */
  maxMessageBytes: number,
): Routes {
  // Served on the request queue or topic the service already has: one that serves no requests
  // gets none just for this (its topology, consumers and backlog stay as they were).
  if (!store || routes.requests.size === 0) return routes;
  const contracts = deadLetterAdminContracts(service);
  const requests = new Map(routes.requests);
  const serve = <C extends MessageContract>(
    contract: C,
    answer: (payload: PayloadOf<C>) => Promise<unknown>,
  ) => {
    const handler: RequestHandler = async (envelope) =>
      answer(
        parsePayload(contract.payload, envelope.payload, { what: contract.type }) as PayloadOf<C>,
      );
    // An app's own handler of the same type wins (there should be none).
    if (!requests.has(contract.type)) requests.set(contract.type, handler);
  };
  serve(contracts.list, (query) => store.list(query));
  serve(contracts.show, async ({ id }) => ({ entry: (await store.show(id)) ?? null }));
  serve(contracts.replay, (selection) => store.replay(selectionOf(selection)));
  serve(contracts.replayEdited, ({ id, payload }) =>
    store.replayEdited(id, encodePayload(payload, maxMessageBytes)),
  );
  serve(contracts.discard, (selection) => store.discard(selectionOf(selection)));
  return { events: routes.events, requests };
}

function selectionOf(selection: { ids?: string[]; all?: true }): DeadLetterSelection {
  return selection.all ? 'all' : (selection.ids ?? []);
}
