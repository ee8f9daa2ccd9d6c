import { WireHeaders } from '../../envelope/envelope-headers';
import { DeadLetter } from '../../delivery/inbound-message';
import { Reply } from '../../delivery/reply';
import { UnroutedEventStore } from '../tcp/unrouted-events.store';
import { QueueConsumer, QueuedEvent, ServiceQueue } from './service-queue';

/** One running instance that serves requests for its service. */
export interface RequestServer {
  serve(headers: WireHeaders, body: Buffer): Promise<Reply>;
  readonly accepting: boolean;
}

export interface MemoryBrokerLimits {
  /** Events one service's queue holds before publishes to it are refused. */
  maxPendingPerService: number;
  /** Dead letters kept per service; the oldest are dropped (and counted) past it. */
  maxDeadLettersPerService: number;
  unroutedRetentionMs: number;
  unroutedMaxBytes: number;
}

const DEFAULT_LIMITS: MemoryBrokerLimits = {
  maxPendingPerService: 100_000,
  maxDeadLettersPerService: 10_000,
  unroutedRetentionMs: 24 * 60 * 60 * 1_000,
  unroutedMaxBytes: 64 * 1024 * 1024,
};

/**
 * The broker of the `memory` transport: one per name, inside one process, for tests. It behaves
 * as the real brokers do where the conformance suite looks: a queue per service that outlives its
 * instances, fan-out to every bound service, events of an unbound type held for the first service
 * that binds it, dead letters kept, requests served by any running instance.
 */
export class MemoryBroker {
  private static readonly brokers = new Map<string, MemoryBroker>();

  readonly counts = { published: 0, deadLettersDropped: 0 };
  private readonly queues = new Map<string, ServiceQueue>();
  private readonly servers = new Map<string, RequestServer[]>();
  private readonly deadLetters = new Map<string, DeadLetter[]>();
  /** Each stored letter's id: `<stored at, epoch ms, 15 digits>-<sequence>`, ordered by storage. */
  private readonly deadLetterIds = new WeakMap<DeadLetter, string>();
  private deadLetterSequence = 0;
  private readonly unrouted: UnroutedEventStore;
  private downUntil = 0;

  private constructor(private readonly limits: MemoryBrokerLimits) {
    this.unrouted = new UnroutedEventStore(limits.unroutedRetentionMs, limits.unroutedMaxBytes);
  }

  /** The broker called `name`, created on first use. */
  static named(name: string, limits: Partial<MemoryBrokerLimits> = {}): MemoryBroker {
    let broker = MemoryBroker.brokers.get(name);
    if (!broker) {
      broker = new MemoryBroker({ ...DEFAULT_LIMITS, ...limits });
      MemoryBroker.brokers.set(name, broker);
    }
    return broker;
  }

  /** Forgets the broker and everything it holds (a test's teardown). */
  static discard(name: string): void {
    MemoryBroker.brokers.delete(name);
  }

  /** Whether it takes publishes and requests now: a "restart" makes it refuse them for a while. */
  get up(): boolean {
    return Date.now() >= this.downUntil;
  }

  /** Refuses publishes and requests for `ms`; queues, bindings and dead letters survive. */
  restart(ms: number): Promise<void> {
    this.downUntil = Date.now() + ms;
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /**
   * Fans an event out to every service bound to its type. Returns false when a bound service's
   * queue is full (nothing is enqueued anywhere then). Unbound: held for the first that binds it.
   */
  publish(event: QueuedEvent): boolean {
    const bound = [...this.queues.values()].filter((queue) => queue.types.has(event.type));
    if (bound.length === 0) {
      this.unrouted.add(event.type, event.headers, event.body);
      this.counts.published++;
      return true;
    }
    if (bound.some((queue) => !queue.hasRoom())) return false;
    for (const queue of bound) queue.enqueue(event);
    this.counts.published++;
    return true;
  }

  /** Binds `service` to `types` (for good, as a durable queue) and attaches one instance. */
  consume(service: string, types: Iterable<string>, consumer: QueueConsumer): void {
    const queue = this.queueOf(service);
    for (const type of types) queue.types.add(type);
    for (const held of this.unrouted.take((type) => queue.types.has(type))) {
      queue.enqueue(held);
      this.unrouted.replayed();
    }
    queue.attach(consumer);
  }

  detach(service: string, consumer: QueueConsumer): void {
    this.queues.get(service)?.detach(consumer);
  }

  /** Another of `service`'s instances may be free again. */
  wake(service: string): void {
    this.queues.get(service)?.pump();
  }

  serve(service: string, server: RequestServer): void {
    this.servers.set(service, [...(this.servers.get(service) ?? []), server]);
  }

  stopServing(service: string, server: RequestServer): void {
    const rest = (this.servers.get(service) ?? []).filter((s) => s !== server);
    if (rest.length === 0) this.servers.delete(service);
    else this.servers.set(service, rest);
  }

  /** A running instance of `service` that takes requests, taking turns; undefined if none. */
  serverOf(service: string): RequestServer | undefined {
    const running = (this.servers.get(service) ?? []).filter((server) => server.accepting);
    if (running.length === 0) return undefined;
    const chosen = running[0];
    // Round robin: the chosen one goes to the back.
    this.servers.set(service, [
      ...(this.servers.get(service) ?? []).filter((s) => s !== chosen),
      chosen,
    ]);
    return chosen;
  }

  /** Test access: raw bytes straight into `service`'s queue, as a broker client could put them. */
  enqueueRaw(service: string, event: QueuedEvent): void {
    this.queueOf(service).enqueue(event);
  }

  addDeadLetter(service: string, deadLetter: DeadLetter): void {
    const letters = this.deadLetters.get(service) ?? [];
    const sequence = String(++this.deadLetterSequence).padStart(10, '0');
    this.deadLetterIds.set(deadLetter, `${String(Date.now()).padStart(15, '0')}-${sequence}`);
    letters.push(deadLetter);
    if (letters.length > this.limits.maxDeadLettersPerService) {
      letters.shift();
      this.counts.deadLettersDropped++;
    }
    this.deadLetters.set(service, letters);
  }

  deadLettersOf(service: string): readonly DeadLetter[] {
    return this.deadLetters.get(service) ?? [];
  }

  /** The id addDeadLetter gave `deadLetter` (memory-dead-letter.store.ts). */
  deadLetterIdOf(deadLetter: DeadLetter): string {
    return this.deadLetterIds.get(deadLetter) ?? '000000000000000-unknown';
  }

  /** Forgets one of `service`'s dead letters (replayed or discarded); false if it was not kept. */
  removeDeadLetter(service: string, deadLetter: DeadLetter): boolean {
    const letters = this.deadLetters.get(service) ?? [];
    const at = letters.indexOf(deadLetter);
    if (at < 0) return false;
    letters.splice(at, 1);
    return true;
  }

  /** Events waiting in `service`'s queue. */
  pendingOf(service: string): number {
    return this.queues.get(service)?.pending ?? 0;
  }

  private queueOf(service: string): ServiceQueue {
    let queue = this.queues.get(service);
    if (!queue) {
      queue = new ServiceQueue(this.limits.maxPendingPerService);
      this.queues.set(service, queue);
    }
    return queue;
  }
}
