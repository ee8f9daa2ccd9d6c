import { defineEvent, defineQuery } from '@railyard/contracts';
import { z } from 'zod/v4';
import { EventHandler, RequestHandler } from '../transport/transport';
import { createEnvelope, Envelope } from './envelope';
import { upcastingRoutes } from './upcast-routes';

describe('upcastingRoutes', () => {
  const Moved = defineEvent({
    type: 'parcel.moved',
    service: 'parcel',
    summary: 'test',
    version: 2,
    payload: z.object({ to: z.object({ city: z.string() }) }),
    upcasters: { 1: (v1) => ({ to: { city: z.object({ city: z.string() }).parse(v1).city } }) },
  });
  const Find = defineQuery({
    type: 'parcel.find',
    service: 'parcel',
    summary: 'test',
    version: 2,
    payload: z.object({ ids: z.array(z.string()) }),
    result: z.object({}),
    upcasters: { 1: (v1) => ({ ids: [z.object({ id: z.string() }).parse(v1).id] }) },
  });

  it('hands events and requests of an older version to their handlers upcast', async () => {
    const seen: Envelope[] = [];
    const onEvent: EventHandler = async (envelope) => void seen.push(envelope);
    const onRequest: RequestHandler = async (envelope) => envelope.payload;
    const routes = upcastingRoutes(
      { events: new Map([[Moved.type, onEvent]]), requests: new Map([[Find.type, onRequest]]) },
      [Moved, Find],
    );
    await routes.events.get(Moved.type)!(
      createEnvelope({ type: Moved.type, version: 1, payload: { city: 'Lyon' } }),
    );
    expect(seen[0]).toMatchObject({ version: 2, payload: { to: { city: 'Lyon' } } });
    await expect(
      routes.requests.get(Find.type)!(
        createEnvelope({ type: Find.type, version: 1, payload: { id: 'p-1' } }),
      ),
    ).resolves.toEqual({ ids: ['p-1'] });
  });

  it('leaves current messages, and types without a versioned contract, untouched', async () => {
    const seen: Envelope[] = [];
    const onEvent: EventHandler = async (envelope) => void seen.push(envelope);
    const routes = upcastingRoutes(
      {
        events: new Map([
          [Moved.type, onEvent],
          ['other.thing', onEvent],
        ]),
        requests: new Map(),
      },
      [Moved],
    );
    const current = createEnvelope({
      type: Moved.type,
      version: 2,
      payload: { to: { city: 'A' } },
    });
    const other = createEnvelope({ type: 'other.thing', payload: { city: 'B' } });
    await routes.events.get(Moved.type)!(current);
    await routes.events.get('other.thing')!(other);
    expect(seen).toEqual([current, other]);
    expect(routes.events.get('other.thing')).toBe(onEvent);
  });
});
