import { EventHandler, Transport } from '@railyard/messaging';
import { publishRounds, ReplicaLedger } from './replica-ledger';
import { sleep, waitUntil } from './test-bus';

const CONVERGE_MS = 60_000;
const DELIVERY_MS = 90_000;

/** What a broker's replica spec gives the scenarios, for one service. */
export interface ReplicaRig {
  /** The event type the replicas consume. */
  type: string;
  /** Starts one more replica of the service, listening with `handler`. */
  replica(handler: EventHandler): Promise<Transport>;
  /** A transport of another service, to publish with. */
  publisher(): Promise<Transport>;
  /** Whether `replicas` split the service's shards or partitions between them, each having some. */
  splitEvenly(replicas: Transport[]): boolean;
  /**
   * Whether a handover handles every event once. Kafka may handle one twice (handled, not yet
   * committed when its partition moved): there duplicates are only bounded.
   */
  onceOnHandover: boolean;
}

/** With `n` replicas, each handles at least 1/(2n) of 600 events over 200 aggregates. */
export async function replicasShareTheEvents(rig: ReplicaRig, n: number): Promise<void> {
  const ledger = new ReplicaLedger();
  const replicas: Transport[] = [];
  for (let i = 0; i < n; i++) replicas.push(await rig.replica(ledger.handler(i)));
  await waitUntil(() => rig.splitEvenly(replicas), CONVERGE_MS, 'the replicas to split the work');

  const sent = await publishRounds(await rig.publisher(), rig.type, 200, 3);
  await ledger.waitForAll(sent, DELIVERY_MS);

  expect(ledger.missing(sent)).toEqual([]);
  expect(ledger.violations).toEqual([]);
  // Nobody came or went while these were handled: nothing was handed over, nothing came twice.
  expect(ledger.duplicates).toBe(0);
  for (let i = 0; i < n; i++) {
    expect(ledger.byReplica[i]).toBeGreaterThanOrEqual(sent.length / (2 * n));
  }
}

/**
 * Two replicas; a third joins a quarter into a stream of 1,000 events over 50 aggregates, and the
 * first leaves (a graceful close) past the half. Nothing is lost, no aggregate goes out of order,
 * the leaver handles nothing once closed, and the two left split the work.
 */
export async function replicasJoinAndLeave(rig: ReplicaRig): Promise<void> {
  const ledger = new ReplicaLedger();
  const replicas = [await rig.replica(ledger.handler(0)), await rig.replica(ledger.handler(1))];
  await waitUntil(() => rig.splitEvenly(replicas), CONVERGE_MS, 'the replicas to split the work');
  let leaving: Promise<void> | undefined;
  let handledByLeaverAtClose = -1;

  const sent = await publishRounds(await rig.publisher(), rig.type, 50, 20, async (round) => {
    if (round === 5) replicas.push(await rig.replica(ledger.handler(2)));
    if (round === 12) {
      leaving = replicas[0].close().then(() => {
        handledByLeaverAtClose = ledger.byReplica[0];
      });
    }
    await sleep(150);
  });
  await leaving;
  await ledger.waitForAll(sent, DELIVERY_MS);

  expect(ledger.missing(sent)).toEqual([]);
  expect(ledger.violations).toEqual([]);
  if (rig.onceOnHandover) expect(ledger.duplicates).toBe(0);
  else expect(ledger.duplicates).toBeLessThan(sent.length / 10);
  // Everyone had a share; nothing reached the leaver once it had closed.
  expect(ledger.byReplica.every((count) => count > 0)).toBe(true);
  expect(ledger.byReplica[0]).toBe(handledByLeaverAtClose);
  const stayed = replicas.slice(1);
  await waitUntil(() => rig.splitEvenly(stayed), CONVERGE_MS, 'the two left to split the work');
}
