import { randomUUID } from 'node:crypto';
import { kafkaHarness as harness } from '../../../../../test/transports/support/kafka.harness';
import {
  ReplicaRig,
  replicasJoinAndLeave,
  replicasShareTheEvents,
} from '../../../../../test/transports/support/replica-scenarios';
import { MessagingOptionsFor } from '../../config/messaging-options';
import { Transport } from '../transport';
import { KafkaTransport } from './kafka.transport';

/**
 * Replicas of one service on the real broker share its event partitions through the consumer
 * group and keep each aggregate in order while they join and leave: kafkajs rejoins a rebalancing
 * group only once the batches it fetched are settled (its worker queue waits for all of them), so
 * a partition is never handled by two members at once. What was handled but not committed when a
 * partition moved is handled again (at-least-once; counted, bounded). The replicas are bus
 * instances in this process, each with its own clients, exactly as separate processes would be.
 */
jest.setTimeout(180_000);

function optionsFor(service: string): MessagingOptionsFor<'kafka'> {
  const options = harness.options(service);
  if (options.transport !== 'kafka') throw new Error('the Kafka harness gave other options');
  return options;
}

const assignedOf = (transport: Transport): number => {
  const consumers = transport.status().details?.consumers as Array<{ assignedPartitions: number }>;
  return consumers?.[0]?.assignedPartitions ?? 0;
};

describe('Kafka replicas share the partitions of their service', () => {
  const open: Transport[] = [];

  /** Replicas of a fresh service consuming a fresh type. */
  function rig(name: string): ReplicaRig {
    const id = randomUUID().slice(0, 8);
    const service = `kafka-replicas-${name}-${id}`;
    const partitions = optionsFor(service).kafka.partitions;
    const type = `spec.${id}.shared`;
    return {
      type,
      onceOnHandover: false,
      async replica(handler) {
        const transport = new KafkaTransport(optionsFor(service));
        open.push(transport);
        await transport.connect();
        await transport.listen({ events: new Map([[type, handler]]), requests: new Map() });
        return transport;
      },
      async publisher() {
        const transport = new KafkaTransport(optionsFor(`kafka-replicas-pub-${id}`));
        open.push(transport);
        await transport.connect();
        return transport;
      },
      // Every partition given out once, and each replica some.
      splitEvenly(replicas) {
        const assigned = replicas.map(assignedOf);
        return assigned.every((n) => n > 0) && assigned.reduce((a, b) => a + b) === partitions;
      },
    };
  }

  afterEach(async () => {
    await Promise.allSettled(open.splice(0).map((transport) => transport.close()));
  });
  afterAll(() => harness.dispose());

  it.each([2, 3])(
    'with %i replicas each handles at least 1/(2N) of the events, every aggregate in order',
    (n) => replicasShareTheEvents(rig(String(n)), n),
  );

  it('a replica joining and one leaving mid-stream lose nothing and keep every aggregate in order', () =>
    replicasJoinAndLeave(rig('churn')));
});
