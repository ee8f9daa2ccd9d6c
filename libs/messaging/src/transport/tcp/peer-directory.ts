import { TcpPeer } from './tcp.options';
import { WireHeaders } from '../../envelope/envelope-headers';
import { TransportUnavailableError } from '../../errors/transport-unavailable.error';
import { PeerLink, PeerLinkContext } from './peer-link';
import { UnroutedEventStore } from './unrouted-events.store';

/**
 * Fan-out over the configured peers. TCP has no broker to hold an event, so a publish is done
 * only when every peer that subscribes to its type acked it, and fails loudly otherwise.
 *
 * The configured peers are the system. An event that every peer answered "not subscribed" to (a
 * consumer deployed after its producer) is kept in `unrouted`, bounded in time and bytes, and
 * handed to the first peer that announces its type (at its hello or a routes change). Types that
 * nothing consumes (order.created today) simply expire there, counted: they never fail a publish,
 * so they never stall an outbox.
 *
 * `peers` is read on every call (not copied), so peers added to the array later are seen.
 */
export class PeerDirectory {
  private readonly links = new Map<string, PeerLink>();

  constructor(
    private readonly peers: readonly TcpPeer[],
    private readonly ctx: PeerLinkContext,
    readonly unrouted: UnroutedEventStore,
    /** Bound on re-offering a held event to a peer that announced its type. */
    private readonly reofferTimeoutMs: number,
  ) {}

  /** The link to peer `name`, created on first use; undefined for a name not in the peer list. */
  link(name: string): PeerLink | undefined {
    const existing = this.links.get(name);
    if (existing) return existing;
    const peer = this.peers.find((candidate) => candidate.name === name);
    if (!peer) return undefined;
    const link = new PeerLink(peer, { ...this.ctx, onRoutes: (l) => this.reoffer(l) });
    this.links.set(name, link);
    return link;
  }

  get names(): string[] {
    return [...new Set(this.peers.map((peer) => peer.name))];
  }

  /**
   * Resolves once every subscribed peer acked. A peer that is down (or was never reached, so its
   * subscriptions are unknown) is retried until `timeoutMs`, then the publish fails naming it.
   * Peers that acked before another failed keep the event: a retry duplicates it there.
   */
  async publish(
    type: string,
    headers: WireHeaders,
    body: Buffer,
    timeoutMs: number,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const names = this.names;
    const outcomes = await Promise.allSettled(
      names.map((name) => (this.link(name) as PeerLink).deliver(type, headers, body, deadline)),
    );
    const failures: string[] = [];
    const acked: string[] = [];
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'rejected') failures.push(detailOf(outcome.reason));
      else if (outcome.value === 'acked') acked.push(names[index]);
    });
    if (failures.length === 0) {
      if (acked.length === 0) this.hold(type, headers, body);
      return;
    }
    const kept = acked.length > 0 ? `; already delivered to ${acked.join(', ')}` : '';
    throw new TransportUnavailableError(
      'tcp',
      `${type} not confirmed within ${timeoutMs} ms: ${failures.join('; ')}${kept}`,
    );
  }

  private hold(type: string, headers: WireHeaders, body: Buffer): void {
    this.unrouted.add(type, headers, body);
    // A peer may have announced the type while this publish was out: it would wait for the next.
    for (const link of this.links.values()) if (link.subscribes(type)) this.reoffer(link);
  }

  /** Hands `link` the held events it now consumes; one it does not ack is held again. */
  private reoffer(link: PeerLink): void {
    const events = this.unrouted.take((type) => link.subscribes(type));
    if (events.length === 0) return;
    this.ctx.logger.log(`offering ${events.length} held event(s) to ${link.address}`);
    const deadline = Date.now() + this.reofferTimeoutMs;
    for (const event of events) {
      link.deliver(event.type, event.headers, event.body, deadline).then(
        (outcome) => {
          if (outcome === 'acked') this.unrouted.replayed();
          else this.unrouted.add(event.type, event.headers, event.body, event.heldAt);
        },
        () => this.unrouted.add(event.type, event.headers, event.body, event.heldAt),
      );
    }
  }

  describe(): Record<string, unknown> {
    return Object.fromEntries([...this.links].map(([name, link]) => [name, link.describe()]));
  }

  async close(graceMs: number): Promise<void> {
    await Promise.all([...this.links.values()].map((link) => link.close(graceMs)));
  }
}

function detailOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^tcp unavailable: /, '');
}
