import { deadLetterAdminContracts } from '@railyard/contracts';
import { createEnvelope } from '../envelope/envelope';
import { withDeadLetterAdmin } from './dead-letter-admin.routes';
import { DeadLetterSelection, DeadLetterStore } from './dead-letter-store';
import { RequestHandler, Routes } from './transport';

/** Records what it was asked; the stores themselves are tested against the real transports. */
function recordingStore(asked: unknown[]): DeadLetterStore {
  const outcome = { done: [], missing: [], remaining: 0 };
  return {
    list: async (query) => (asked.push(['list', query]), { entries: [] }),
    show: async (id) => void asked.push(['show', id]),
    replay: async (selection: DeadLetterSelection) => (asked.push(['replay', selection]), outcome),
    replayEdited: async (id, body) => (asked.push(['replayEdited', id, body.toString()]), outcome),
    discard: async (selection: DeadLetterSelection) => (
      asked.push(['discard', selection]),
      outcome
    ),
    count: async (cap) => (asked.push(['count', cap]), 0),
  };
}

/** The bus's message size limit in these tests. */
const LIMIT = 1_024;
const ping: RequestHandler = async () => 'pong';
const serving = (): Routes => ({ events: new Map(), requests: new Map([['svc.ping', ping]]) });
const contracts = deadLetterAdminContracts('svc');
const ask = (routes: Routes, type: string, payload: unknown) => {
  const handler = routes.requests.get(type);
  if (!handler) throw new Error(`no ${type}`);
  return handler(createEnvelope({ type, payload }));
};

describe('withDeadLetterAdmin', () => {
  it("adds the five admin requests beside the service's own, parsed by their contracts", async () => {
    const asked: unknown[] = [];
    const routes = withDeadLetterAdmin(serving(), 'svc', recordingStore(asked), LIMIT);
    expect([...routes.requests.keys()].sort()).toEqual(
      ['svc.ping', ...Object.values(contracts).map((c) => c.type)].sort(),
    );
    await ask(routes, contracts.list.type, {});
    expect(await ask(routes, contracts.show.type, { id: 'x' })).toEqual({ entry: null });
    await ask(routes, contracts.replay.type, { all: true });
    await ask(routes, contracts.discard.type, { ids: ['a', 'b'] });
    await ask(routes, contracts.replayEdited.type, { id: 'y', payload: { n: 2 } });
    expect(asked).toEqual([
      ['list', { limit: 50 }],
      ['show', 'x'],
      ['replay', 'all'],
      ['discard', ['a', 'b']],
      ['replayEdited', 'y', '{"n":2}'],
    ]);
  });

  it('refuses a bad selection before the store sees it', async () => {
    const asked: unknown[] = [];
    const routes = withDeadLetterAdmin(serving(), 'svc', recordingStore(asked), LIMIT);
    await expect(ask(routes, contracts.replay.type, {})).rejects.toThrow(/ids or all/);
    await expect(ask(routes, contracts.discard.type, { ids: [] })).rejects.toThrow(/ids/);
    await expect(ask(routes, contracts.replayEdited.type, { id: 'y' })).rejects.toThrow(/payload/);
    const tooLarge = { id: 'y', payload: 'x'.repeat(LIMIT) };
    await expect(ask(routes, contracts.replayEdited.type, tooLarge)).rejects.toThrow(/bytes/);
    expect(asked).toEqual([]);
  });

  it('leaves a process that serves no requests, or has no store, as it was', () => {
    const eventsOnly: Routes = {
      events: new Map([['e', async () => undefined]]),
      requests: new Map(),
    };
    expect(withDeadLetterAdmin(eventsOnly, 'svc', recordingStore([]), LIMIT)).toBe(eventsOnly);
    const routes = serving();
    expect(withDeadLetterAdmin(routes, 'svc', undefined, LIMIT)).toBe(routes);
  });
});
