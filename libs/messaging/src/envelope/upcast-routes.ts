import { MessageContract, upcastPayload } from '@railyard/contracts';
import { EventHandler, RequestHandler, Routes } from '../transport/transport';
import { Envelope } from './envelope';

/**
 * Routes whose handlers receive every message at its contract's current version: one sent at an
 * older version (`envelope.version`, set by the sender from its contract) is upcast first. A type
 * without a contract here, or a message already current, reaches its handler untouched.
 */
export function upcastingRoutes(routes: Routes, contracts: readonly MessageContract[]): Routes {
  const versioned = new Map(
    contracts.filter((contract) => contract.version > 1).map((c) => [c.type, c] as const),
  );
  const events = new Map<string, EventHandler>();
  for (const [type, handler] of routes.events) {
    const contract = versioned.get(type);
    events.set(
      type,
      contract ? (envelope) => handler(upcastEnvelope(contract, envelope)) : handler,
    );
  }
  const requests = new Map<string, RequestHandler>();
  for (const [type, handler] of routes.requests) {
    const contract = versioned.get(type);
    requests.set(
      type,
      contract ? (envelope) => handler(upcastEnvelope(contract, envelope)) : handler,
    );
  }
  return { events, requests };
}

export function upcastEnvelope(contract: MessageContract, envelope: Envelope): Envelope {
  if (envelope.version >= contract.version) return envelope;
  return {
    ...envelope,
    version: contract.version,
    payload: upcastPayload(contract, envelope.version, envelope.payload),
  };
}
