import { createEnvelope, EventHandler, Transport } from '@railyard/messaging';
import { sleep, waitUntil } from './test-bus';

/** What the replica specs publish: `seq` counts the events of one aggregate from 0. */
export interface Step {
  aggregate: string;
  seq: number;
}

/**
 * Records what the replicas of one service handled and checks, as it happens, the two promises
 * that must survive replicas joining and leaving: an aggregate's event `seq` starts only after its
 * `seq - 1` finished somewhere, and no two replicas handle one aggregate at the same time.
 */
export class ReplicaLedger {
  readonly violations: string[] = [];
  /** Handlings per replica, duplicates included. */
  readonly byReplica: number[] = [];
  private readonly finished = new Map<string, Set<number>>();
  /** Per aggregate, the replicas handling it right now. */
  private readonly running = new Map<string, Set<number>>();
  private readonly handledIds = new Set<string>();
  private handlings = 0;

  constructor(private readonly workMs = 2) {}

  /** The handler of replica `replica` (0-based), in this process. */
  handler(replica: number): EventHandler {
    this.byReplica[replica] ??= 0;
    return async (envelope) => {
      const step = envelope.payload as Step;
      this.begin(replica, step);
      await sleep(this.workMs);
      this.finish(replica, step, envelope.messageId);
    };
  }

  /** Replica `replica` starts handling `step` (called by handler(), or for a replica elsewhere). */
  begin(replica: number, { aggregate, seq }: Step): void {
    this.byReplica[replica] ??= 0;
    const running = this.running.get(aggregate) ?? new Set<number>();
    if (running.size > 0) {
      this.violations.push(`${aggregate}#${seq} started while replica ${[...running]} handled it`);
    }
    if (seq > 0 && !this.finished.get(aggregate)?.has(seq - 1)) {
      this.violations.push(`${aggregate}#${seq} started before #${seq - 1} was handled`);
    }
    this.running.set(aggregate, running.add(replica));
  }

  finish(replica: number, { aggregate, seq }: Step, messageId: string): void {
    this.running.get(aggregate)?.delete(replica);
    const done = this.finished.get(aggregate) ?? new Set<number>();
    this.finished.set(aggregate, done.add(seq));
    this.handledIds.add(messageId);
    this.byReplica[replica]++;
    this.handlings++;
  }

  /** Replica `replica` died: what it was handling will never finish there. */
  abandon(replica: number): void {
    for (const running of this.running.values()) running.delete(replica);
  }

  /** Distinct events handled. */
  get handled(): number {
    return this.handledIds.size;
  }

  /** Handlings beyond the first of an event (at-least-once redeliveries). */
  get duplicates(): number {
    return this.handlings - this.handledIds.size;
  }

  missing(sent: readonly string[]): string[] {
    return sent.filter((id) => !this.handledIds.has(id));
  }

  /** Waits until every one of `sent` was handled, then a little more for late duplicates. */
  async waitForAll(sent: readonly string[], timeoutMs: number): Promise<void> {
    await waitUntil(
      () => this.handled >= sent.length,
      timeoutMs,
      `${sent.length} events (${this.handled} handled)`,
    );
    await sleep(500);
  }
}

/**
 * Publishes `rounds` events to each of `aggregates` aggregates, one round after the other (so each
 * aggregate's events leave in order), the aggregates of a round at once. `between(round)` runs
 * after each round: the specs pause there, or start and stop replicas. Returns the message ids.
 */
export async function publishRounds(
  publisher: Transport,
  type: string,
  aggregates: number,
  rounds: number,
  between: (round: number) => Promise<void> = async () => undefined,
): Promise<string[]> {
  const sent: string[] = [];
  for (let seq = 0; seq < rounds; seq++) {
    const envelopes = Array.from({ length: aggregates }, (_, i) => {
      const payload: Step = { aggregate: `agg-${i}`, seq };
      return createEnvelope({ type, payload, aggregateId: payload.aggregate });
    });
    await Promise.all(envelopes.map((envelope) => publisher.publish(envelope)));
    sent.push(...envelopes.map((envelope) => envelope.messageId));
    await between(seq);
  }
  return sent;
}
