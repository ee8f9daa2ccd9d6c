import { HEADER, WireHeaders } from '../../envelope/envelope-headers';

export interface QueuedEvent {
  readonly type: string;
  readonly headers: WireHeaders;
  readonly body: Buffer;
}

/** One running instance of a service, as its queue sees it. */
export interface QueueConsumer {
  /** Resolves once the event may be acked; rejects when it must be delivered again. */
  deliver(event: QueuedEvent): Promise<void>;
  /** False once the instance stops taking messages (it may still finish what it has). */
  readonly accepting: boolean;
}

/**
 * A service's durable queue in the memory broker, as a RabbitMQ queue or a Kafka consumer group
 * is: it outlives its instances, so events wait while none runs. Events of one aggregate are
 * handed out one at a time, in publish order, always to the same instance while the set of
 * instances stays the same (competing consumers share the aggregates); an event whose instance
 * left before acking it goes back to the head of its lane.
 */
export class ServiceQueue {
  readonly types = new Set<string>();
  private readonly lanes = new Map<string, QueuedEvent[]>();
  private readonly inFlight = new Map<string, QueueConsumer>();
  private consumers: QueueConsumer[] = [];

  constructor(private readonly maxPending: number) {}

  get pending(): number {
    let count = 0;
    for (const lane of this.lanes.values()) count += lane.length;
    return count;
  }

  attach(consumer: QueueConsumer): void {
    this.consumers.push(consumer);
    this.pump();
  }

  /** The instance is gone: what it had in flight is handed out again, as after a crash. */
  detach(consumer: QueueConsumer): void {
    this.consumers = this.consumers.filter((c) => c !== consumer);
    for (const [lane, holder] of this.inFlight) {
      if (holder === consumer) this.inFlight.delete(lane);
    }
    this.pump();
  }

  /** Whether one more event fits: a full queue refuses publishes rather than grow without bound. */
  hasRoom(): boolean {
    return this.pending < this.maxPending;
  }

  enqueue(event: QueuedEvent): void {
    const lane = event.headers[HEADER.aggregateId] ?? '';
    const events = this.lanes.get(lane);
    if (events) events.push(event);
    else this.lanes.set(lane, [event]);
    this.pump();
  }

  /** Another instance may now be free: called after any change. */
  pump(): void {
    const ready = this.consumers.filter((consumer) => consumer.accepting);
    if (ready.length === 0) return;
    for (const [lane, events] of this.lanes) {
      if (events.length === 0 || this.inFlight.has(lane)) continue;
      const consumer = ready[hashOf(lane) % ready.length];
      this.inFlight.set(lane, consumer);
      void consumer.deliver(events[0]).then(
        () => this.settle(lane, consumer, true),
        () => this.settle(lane, consumer, false),
      );
    }
  }

  private settle(lane: string, consumer: QueueConsumer, acked: boolean): void {
    // An instance that left has had its lanes handed out again: its late outcome counts for nothing.
    if (this.inFlight.get(lane) !== consumer) return;
    this.inFlight.delete(lane);
    const events = this.lanes.get(lane);
    if (acked && events) {
      events.shift();
      if (events.length === 0) this.lanes.delete(lane);
    }
    // Not acked: the event stays at the head of its lane for the next delivery.
    this.pump();
  }
}

/** FNV-1a: a stable spread of aggregate ids over instances. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
