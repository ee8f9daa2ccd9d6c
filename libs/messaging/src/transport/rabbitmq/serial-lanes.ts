/**
 * Runs work one item at a time per lane, in arrival order; lanes run in parallel. A shard queue is a
 * lane, so its events reach the pipeline strictly in queue order while other shards proceed.
 */
export class SerialLanes {
  private readonly tails = new Map<string, Promise<void>>();

  /** `work` must not reject (the transport's handlers catch everything); if it does, the lane goes on. */
  run(lane: string, work: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(lane) ?? Promise.resolve();
    const next = previous.then(work).catch(() => undefined);
    this.tails.set(lane, next);
    void next.then(() => {
      if (this.tails.get(lane) === next) this.tails.delete(lane);
    });
    return next;
  }
}
