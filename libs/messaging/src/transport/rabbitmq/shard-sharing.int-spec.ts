import { randomUUID } from 'node:crypto';
import { rabbitmqHarness as harness } from '../../../../../test/transports/support/rabbitmq.harness';
import {
  publishRounds,
  ReplicaLedger,
} from '../../../../../test/transports/support/replica-ledger';
import { forkReplica } from '../../../../../test/transports/support/replica-process';
import {
  ReplicaRig,
  replicasJoinAndLeave,
  replicasShareTheEvents,
} from '../../../../../test/transports/support/replica-scenarios';
import { sleep, waitUntil } from '../../../../../test/transports/support/test-bus';
import { Transport } from '../transport';
import { RabbitMqTransport } from './rabbitmq.transport';

/**
 * Replicas of one service on the real broker share its shards (shard-membership.ts,
 * shard-assignment.ts) and hand them over as they come and go, each aggregate still handled in
 * order, each event once. The replicas are bus instances in this process, each with its own
 * connection, exactly as separate processes would be; the one that is SIGKILLed is a process.
 */
jest.setTimeout(120_000);

/** A replica gone without a word is noticed after 3.5 s of silence (shard-membership.ts). */
const TAKEOVER_MS = 8_000;
const CONVERGE_MS = 15_000;
const DELIVERY_MS = 60_000;

interface Shards {
  owned: number[];
  replicas: number;
}

const shardsOf = (transport: Transport) => transport.status().details?.shards as Shards;

describe('RabbitMQ replicas share the shards of their service', () => {
  const open: Transport[] = [];

  /** Replicas of a fresh service consuming a fresh type. */
  function rig(name: string): ReplicaRig & { service: string } {
    const id = randomUUID().slice(0, 8);
    const service = `rmq-replicas-${name}-${id}`;
    const partitions = harness.options(service).rabbitmq.partitions;
    const type = `spec.${id}.shared`;
    return {
      service,
      type,
      onceOnHandover: true,
      async replica(handler) {
        const transport = new RabbitMqTransport(harness.options(service));
        open.push(transport);
        await transport.connect();
        await transport.listen({ events: new Map([[type, handler]]), requests: new Map() });
        return transport;
      },
      async publisher() {
        const transport = new RabbitMqTransport(harness.options(`rmq-replicas-pub-${id}`));
        open.push(transport);
        await transport.connect();
        return transport;
      },
      // Every replica counts them all, and their shards split 0..partitions-1 without overlap.
      splitEvenly(replicas) {
        const views = replicas.map(shardsOf);
        const owned = views.flatMap((view) => view?.owned ?? []).sort((a, b) => a - b);
        return (
          views.every((view) => view?.replicas === replicas.length && view.owned.length > 0) &&
          owned.join() === Array.from({ length: partitions }, (_, shard) => shard).join()
        );
      },
    };
  }

  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((transport) => transport.close()));
  });
  afterAll(() => harness.dispose());

  it.each([2, 3])(
    'with %i replicas each handles at least 1/(2N) of the events, each event once, every aggregate in order',
    (n) => replicasShareTheEvents(rig(String(n)), n),
  );

  it('a replica joining and one leaving mid-stream lose nothing and keep every aggregate in order, each event once', () =>
    replicasJoinAndLeave(rig('churn')));

  it('the shards of a replica killed without leaving are taken over within seconds, nothing lost, in order', async () => {
    const kill = rig('kill');
    const partitions = harness.options(kill.service).rabbitmq.partitions;
    const ledger = new ReplicaLedger();
    const survivors = [
      await kill.replica(ledger.handler(0)),
      await kill.replica(ledger.handler(1)),
    ];
    const doomed = await forkReplica(harness.options(kill.service), kill.type, ledger, 2);
    const ownedBySurvivors = () => survivors.flatMap((survivor) => shardsOf(survivor).owned);
    await waitUntil(
      () =>
        survivors.every((survivor) => shardsOf(survivor).replicas === 3) &&
        ownedBySurvivors().length < partitions,
      CONVERGE_MS,
      'the third replica to own a shard',
    );
    let killedAt = 0;

    const sent = await publishRounds(await kill.publisher(), kill.type, 50, 12, async (round) => {
      if (round === 4) {
        doomed.kill('SIGKILL');
        killedAt = Date.now();
      }
      await sleep(150);
    });
    await waitUntil(() => kill.splitEvenly(survivors), TAKEOVER_MS * 2, 'the takeover');
    const takeoverMs = Date.now() - killedAt;
    await ledger.waitForAll(sent, DELIVERY_MS);

    // What it had handled but not acked comes again: at-least-once, so duplicates are allowed.
    expect(ledger.missing(sent)).toEqual([]);
    expect(ledger.violations).toEqual([]);
    expect(ledger.byReplica[2]).toBeGreaterThan(0);
    expect(takeoverMs).toBeLessThan(TAKEOVER_MS);
  });
});
