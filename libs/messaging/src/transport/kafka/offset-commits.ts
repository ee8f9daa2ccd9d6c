import type { Consumer } from 'kafkajs';

interface NextOffset {
  topic: string;
  partition: number;
  /** The next offset to read: a handled message's offset + 1, or a placed start. */
  offset: string;
}

/**
 * The offsets a consumer has handled, committed together on a timer. kafkajs' own autoCommit sends
 * an OffsetCommit at the end of every fetched batch, unconditionally (runner.js calls
 * `autoCommitOffsets()` after each `processEachMessage`/`processEachBatch`; autoCommitInterval only
 * paces commits inside a batch). At saga rates a batch holds one or two messages, so that was a
 * commit, and a write to `__consumer_offsets`, per message, awaited before the partition's next
 * fetch. Committing once a second instead took a saga's CPU on Kafka (services and broker) from
 * 6.0–9.2 to 4.3–4.6 ms, the broker's part from 1.2–3.7 to 0.7–1.0 ms, the rate from 202–297 to
 * 377–381 sagas/s and the p99 at 30/s from 60–266 to 47 ms (bench/README.md).
 *
 * At-least-once as before: what was handled but not committed when a member dies or loses its
 * partition is delivered again, and the inbox makes that harmless. Commits go one at a time, so an
 * older offset never lands after a newer one.
 */
export class OffsetCommits {
  private readonly pending = new Map<string, NextOffset>();
  private timer?: NodeJS.Timeout;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly consumer: Consumer,
    private readonly intervalMs: number,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  /** `offset` was handled: its successor is where the group resumes. */
  handled(topic: string, partition: number, offset: string): void {
    this.set({ topic, partition, offset: (BigInt(offset) + 1n).toString() });
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(this.onFailure);
    }, this.intervalMs);
    this.timer.unref();
  }

  /** A start placed by a seek: committed at once, so the group's position outlives this member. */
  placed(topic: string, partition: number, offset: string): Promise<void> {
    this.set({ topic, partition, offset });
    return this.flush();
  }

  /** After a rebalance: forgets what it held for partitions that now belong to another member. */
  keepOnly(assignment: Record<string, number[]>): void {
    for (const [key, next] of this.pending) {
      if (!assignment[next.topic]?.includes(next.partition)) this.pending.delete(key);
    }
  }

  /** Commits what is pending now (after any commit still in flight). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const commit = this.tail.then(() => this.commitPending());
    this.tail = commit.catch(() => undefined);
    return commit;
  }

  private set(next: NextOffset): void {
    this.pending.set(`${next.topic}\u0000${next.partition}`, next);
  }

  private async commitPending(): Promise<void> {
    if (this.pending.size === 0) return;
    const offsets = [...this.pending.values()];
    this.pending.clear();
    try {
      await this.consumer.commitOffsets(offsets);
    } catch (error) {
      // Kept for the next flush, unless a later offset of the partition came meanwhile.
      for (const next of offsets) {
        const key = `${next.topic}\u0000${next.partition}`;
        if (!this.pending.has(key)) this.pending.set(key, next);
      }
      throw error;
    }
  }
}
