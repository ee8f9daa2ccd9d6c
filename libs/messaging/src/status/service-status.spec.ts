import { serviceStatusContract } from '@railyard/contracts';
import { createEnvelope } from '../envelope/envelope';
import { messagingOptionsFromEnv } from '../config/messaging-options.from-config';
import { MemoryTransport } from '../transport/memory/memory.transport';
import { RequestHandler, Routes } from '../transport/transport';
import { ServiceStatusParts } from './service-status-parts';
import { ServiceStatusReader } from './service-status.reader';
import { withServiceStatus } from './service-status.routes';

const ping: RequestHandler = async () => 'pong';
const serving = (): Routes => ({ events: new Map(), requests: new Map([['svc.ping', ping]]) });
const OUTBOX = { pending: 2, retrying: 1, parked: 0, oldestUnsentAgeMs: 1_500 };

describe('the service status answer', () => {
  it('adds <service>.admin.status beside the requests a service serves, nowhere else', () => {
    const reader = { read: jest.fn() } as unknown as ServiceStatusReader;
    const routes = withServiceStatus(serving(), 'svc', reader);
    expect([...routes.requests.keys()].sort()).toEqual(['svc.admin.status', 'svc.ping']);
    const eventsOnly: Routes = { events: new Map(), requests: new Map() };
    expect(withServiceStatus(eventsOnly, 'svc', reader)).toBe(eventsOnly);
  });

  it("answers the bus's counters, the parts the libs added and the dead-letter count", async () => {
    const transport = new MemoryTransport(messagingOptionsFromEnv('svc', { TRANSPORT: 'memory' }));
    await transport.connect();
    const parts = new ServiceStatusParts();
    parts.add('outbox', async () => OUTBOX);
    const reader = new ServiceStatusReader(
      transport,
      { service: 'svc', instanceId: 'svc-1' },
      parts,
    );
    const routes = withServiceStatus(serving(), 'svc', reader);
    const contract = serviceStatusContract('svc');
    const answer = await routes.requests.get(contract.type)?.(
      createEnvelope({ type: contract.type, payload: {} }),
    );
    expect(contract.result.parse(answer)).toEqual({
      service: 'svc',
      transport: 'memory',
      instance: 'svc-1',
      bus: { received: 0, handled: 0, retried: 0, deadLettered: 0, invalid: 0, requestsServed: 0 },
      outbox: OUTBOX,
      deadLetters: 0,
    });
    await transport.close();
  });

  it('leaves out a part that fails or is late, and refuses a part registered twice', async () => {
    jest.useFakeTimers();
    try {
      const parts = new ServiceStatusParts();
      parts.add('outbox', () => Promise.reject(new Error('database down')));
      parts.add('sagas', () => new Promise(() => undefined));
      const read = parts.read(800);
      await jest.advanceTimersByTimeAsync(800);
      expect(await read).toEqual({});
      expect(() => parts.add('outbox', async () => OUTBOX)).toThrow(/already/);
    } finally {
      jest.useRealTimers();
    }
  });
});
