import { RequestContract } from '@railyard/contracts';
import { MessageBus, RequestOptions, RequestTimeoutError } from '@railyard/messaging';
import {
  DEFAULT_RESILIENCE_SETTINGS,
  PassThroughPolicy,
  ResilienceRegistry,
} from '@railyard/resilience';
import { ConsoleOverviewReader, STATUS_TIMEOUT_MS } from './console-overview.reader';
import { consoleOverview } from './console-overview.schemas';

const BUS = { received: 3, handled: 2, retried: 1, deadLettered: 0, invalid: 0, requestsServed: 5 };

/** Answers every status request but payment's, which times out; records the timeouts asked. */
function busAnswering(timeouts: Array<number | undefined>): MessageBus {
  return {
    request: async (contract: RequestContract, _payload: unknown, options?: RequestOptions) => {
      timeouts.push(options?.timeoutMs);
      if (contract.service === 'payment') {
        throw new RequestTimeoutError(contract.service, contract.type, STATUS_TIMEOUT_MS);
      }
      return {
        service: contract.service,
        transport: 'tcp',
        instance: `${contract.service}-1`,
        bus: BUS,
        deadLetters: 0,
      };
    },
  } as unknown as MessageBus;
}

describe('ConsoleOverviewReader', () => {
  it("shows every downstream's breaker and bulkhead and every service, unreachable ones apart", async () => {
    const timeouts: Array<number | undefined> = [];
    const registry = new ResilienceRegistry([
      new PassThroughPolicy('order'),
      new PassThroughPolicy('legacy'),
    ]);
    const overview = await new ConsoleOverviewReader(busAnswering(timeouts), registry).read();

    expect(consoleOverview.parse(overview)).toEqual(overview);
    const { concurrency, queue } = DEFAULT_RESILIENCE_SETTINGS.bulkhead;
    expect(overview.gateway.downstreams).toEqual(
      ['order', 'legacy'].map((name) => ({
        name,
        breaker: 'closed',
        bulkhead: { active: 0, queued: 0, capacity: concurrency, queueCapacity: queue },
      })),
    );
    expect(overview.services.map(({ service, reachable }) => [service, reachable])).toEqual([
      ['order', true],
      ['inventory', true],
      ['payment', false],
    ]);
    expect(overview.services[0]).toMatchObject({ transport: 'tcp', bus: BUS, deadLetters: 0 });
    expect(overview.services[2]).toMatchObject({ error: expect.stringContaining('payment') });
    expect(timeouts).toEqual([STATUS_TIMEOUT_MS, STATUS_TIMEOUT_MS, STATUS_TIMEOUT_MS]);
  });
});
