/**
 * Who is alive among a service's replicas, from the announcements one replica hears (its own
 * included), on a monotonic clock passed in. Pure bookkeeping: shard-membership.ts feeds it.
 *
 * A silence is trusted only while this replica hears its own announcements: when they stop coming
 * back (channel down, broker in trouble), and for one timeout after they resume, nobody is
 * dropped, so a replica keeps its shards through a broker hiccup instead of taking everyone's.
 */
export class MemberTable {
  /** Other replicas: when each was last heard. */
  private readonly heard = new Map<string, number>();
  private heardSelfAt?: number;
  /** When our own announcements last started coming back after a silence. */
  private trustedSince?: number;
  private left = false;

  constructor(
    readonly self: string,
    private readonly timeoutMs: number,
    /** Others counted at most: a flood of made-up ids cannot grow the table (or the assignment). */
    private readonly maxOthers: number,
  ) {}

  /** Sorted; this replica included until it leaves. */
  get members(): string[] {
    return [...(this.left ? [] : [this.self]), ...this.heard.keys()].sort();
  }

  /** `joined` when the list changed; `refused` for a newcomer past the cap. */
  alive(id: string, now: number): 'joined' | 'seen' | 'refused' {
    if (id === this.self) {
      if (this.heardSelfAt === undefined || now - this.heardSelfAt > this.timeoutMs) {
        this.trustedSince = now;
      }
      this.heardSelfAt = now;
      return 'seen';
    }
    const known = this.heard.has(id);
    if (!known && this.heard.size >= this.maxOthers) return 'refused';
    this.heard.set(id, now);
    return known ? 'seen' : 'joined';
  }

  /** True when the member list changed. */
  leaving(id: string): boolean {
    return id !== this.self && this.heard.delete(id);
  }

  /** This replica leaves: it is no longer in its own list. */
  leave(): void {
    this.left = true;
  }

  /** Drops the replicas silent for longer than the timeout, if the silence can be trusted. */
  expire(now: number): string[] {
    if (this.heardSelfAt === undefined || this.trustedSince === undefined) return [];
    if (now - this.heardSelfAt > this.timeoutMs) return [];
    const since = this.trustedSince;
    const gone = [...this.heard]
      .filter(([, at]) => now - Math.max(at, since) > this.timeoutMs)
      .map(([id]) => id);
    for (const id of gone) this.heard.delete(id);
    return gone;
  }
}
