import { WireHeaders } from '../../envelope/envelope-headers';

export type DeliveryOutcome = 'acked' | 'not-subscribed';

export interface OutboundEvent {
  readonly seq: number;
  readonly type: string;
  readonly headers: WireHeaders;
  readonly body: Buffer;
}

interface Entry extends OutboundEvent {
  frameId?: number;
  timer: NodeJS.Timeout;
  resolve(outcome: DeliveryOutcome): void;
  reject(error: Error): void;
}

/**
 * The events one link owes its peer: waiting to be written (in publish order) or written and
 * awaiting an ack. Every entry ends exactly once: acked, skipped, refused, failed or expired at
 * its publish deadline.
 */
export class OutboundEvents {
  private seq = 0;
  private readonly waiting: Entry[] = [];
  private readonly unacked = new Map<number, Entry>();

  constructor(private readonly onExpired: (event: OutboundEvent) => Error) {}

  get size(): number {
    return this.waiting.length + this.unacked.size;
  }

  add(
    type: string,
    headers: WireHeaders,
    body: Buffer,
    deadline: number,
  ): Promise<DeliveryOutcome> {
    return new Promise((resolve, reject) => {
      const entry = { seq: ++this.seq, type, headers, body, resolve, reject } as Entry;
      entry.timer = setTimeout(() => this.expire(entry), Math.max(0, deadline - Date.now()));
      entry.timer.unref();
      this.waiting.push(entry);
    });
  }

  /** The next event to write, in publish order. */
  next(): OutboundEvent | undefined {
    return this.waiting[0];
  }

  /** `event` (from next()) went out as frame `frameId`. */
  sent(event: OutboundEvent, frameId: number): void {
    const entry = this.waiting.shift() as Entry;
    if (entry !== event) throw new Error('sent() out of order');
    entry.frameId = frameId;
    this.unacked.set(frameId, entry);
  }

  /** `event` (from next()) need not go to this peer. */
  skip(event: OutboundEvent): void {
    const entry = this.waiting.shift() as Entry;
    if (entry !== event) throw new Error('skip() out of order');
    this.end(entry).resolve('not-subscribed');
  }

  acked(frameId: number): void {
    const entry = this.takeUnacked(frameId);
    if (entry) this.end(entry).resolve('acked');
  }

  /** The peer refused frame `frameId` for good (nothing happens if that event already ended). */
  refused(frameId: number, error: (event: OutboundEvent) => Error): void {
    const entry = this.takeUnacked(frameId);
    if (entry) this.end(entry).reject(error(entry));
  }

  /** The peer refused frame `frameId` for now: write it again later, before any later event. */
  retryLater(frameId: number): boolean {
    const entry = this.takeUnacked(frameId);
    if (entry) this.putBack(entry);
    return entry !== undefined;
  }

  /** The connection dropped: every unacked event goes out again on the next one. */
  retryAllUnacked(): void {
    for (const entry of this.unacked.values()) this.putBack(entry);
    this.unacked.clear();
  }

  failAll(error: Error): void {
    for (const entry of [...this.waiting, ...this.unacked.values()]) this.end(entry).reject(error);
    this.waiting.length = 0;
    this.unacked.clear();
  }

  private putBack(entry: Entry): void {
    entry.frameId = undefined;
    let index = this.waiting.length;
    while (index > 0 && this.waiting[index - 1].seq > entry.seq) index--;
    this.waiting.splice(index, 0, entry);
  }

  private takeUnacked(frameId: number): Entry | undefined {
    const entry = this.unacked.get(frameId);
    this.unacked.delete(frameId); // a late ack of an expired event finds nothing: ignored
    return entry;
  }

  private expire(entry: Entry): void {
    const index = this.waiting.indexOf(entry);
    if (index >= 0) this.waiting.splice(index, 1);
    if (entry.frameId !== undefined) this.unacked.delete(entry.frameId);
    entry.reject(this.onExpired(entry));
  }

  private end(entry: Entry): Entry {
    clearTimeout(entry.timer);
    return entry;
  }
}
