import { WireHeaders } from '../../envelope/envelope-headers';

export interface HeldEvent {
  readonly type: string;
  readonly headers: WireHeaders;
  readonly body: Buffer;
  /** Epoch ms when first held; retention counts from here, across failed re-offers. */
  readonly heldAt: number;
  readonly bytes: number;
}

export interface UnroutedEventCounts {
  /** Events no peer subscribed to when published, kept here (a running total). */
  held: number;
  /** Held events handed to a peer that announced their type, and acked by it. */
  replayed: number;
  /** Dropped because nobody subscribed within the retention. */
  expired: number;
  /** Dropped (oldest first) to stay within the byte bound. */
  evicted: number;
}

/**
 * The TCP publisher's memory of events no configured peer subscribed to when they were published
 * (a consumer deployed after its producer). They wait, in publish order, for a peer to announce
 * their type, for at most `retentionMs` and `maxBytes` in total: nothing grows forever, and what is
 * dropped is counted. Pure bookkeeping; PeerDirectory does the re-offering.
 */
export class UnroutedEventStore {
  readonly counts: UnroutedEventCounts = { held: 0, replayed: 0, expired: 0, evicted: 0 };
  private events: HeldEvent[] = [];
  private bytes = 0;

  constructor(
    private readonly retentionMs: number,
    private readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.events.length;
  }

  get heldBytes(): number {
    return this.bytes;
  }

  /** Keeps an event, or (with its first `heldAt`) one whose re-offer failed. */
  add(type: string, headers: WireHeaders, body: Buffer, heldAt?: number): void {
    this.prune();
    if (heldAt === undefined) {
      heldAt = this.now();
      this.counts.held++;
    }
    if (this.now() - heldAt >= this.retentionMs) {
      this.counts.expired++;
      return;
    }
    const event: HeldEvent = { type, headers, body, heldAt, bytes: sizeOf(headers, body) };
    if (event.bytes > this.maxBytes) {
      this.counts.evicted++;
      return;
    }
    // A failed re-offer goes back to its place, so one aggregate's held events keep their order.
    let index = this.events.length;
    while (index > 0 && this.events[index - 1].heldAt > heldAt) index--;
    this.events.splice(index, 0, event);
    this.bytes += event.bytes;
    while (this.bytes > this.maxBytes) this.drop(this.events[0], 'evicted');
  }

  /** Removes and returns, in publish order, the live held events `wanted` accepts. */
  take(wanted: (type: string) => boolean): HeldEvent[] {
    this.prune();
    const taken = this.events.filter((event) => wanted(event.type));
    if (taken.length === 0) return [];
    this.events = this.events.filter((event) => !wanted(event.type));
    for (const event of taken) this.bytes -= event.bytes;
    return taken;
  }

  /** A taken event was acked by a peer. */
  replayed(): void {
    this.counts.replayed++;
  }

  private prune(): void {
    const oldest = this.now() - this.retentionMs;
    while (this.events.length > 0 && this.events[0].heldAt <= oldest) {
      this.drop(this.events[0], 'expired');
    }
  }

  private drop(event: HeldEvent, why: 'expired' | 'evicted'): void {
    this.events.shift();
    this.bytes -= event.bytes;
    this.counts[why]++;
  }
}

function sizeOf(headers: WireHeaders, body: Buffer): number {
  let bytes = body.length;
  for (const name in headers) bytes += name.length + headers[name].length;
  return bytes;
}
