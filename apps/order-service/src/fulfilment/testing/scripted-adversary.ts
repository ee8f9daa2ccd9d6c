import { SAGA_ID_HEADER } from '@railyard/saga';
import { BusMessage, Fate } from './simulated-network';

export interface ScriptLimits {
  /** Drops allowed per saga (counted over its commands and replies); later drop fates deliver. */
  dropsPerSaga: number;
  /** Messages that may be lost at all; the others are only delayed or duplicated. */
  droppable(message: BusMessage): boolean;
  /** Latency of every send once the script is spent: the network has become fair. */
  fairLatencyMs: number;
}

/**
 * Plays a generated script of fates, one per send in send order, then turns fair. A message with
 * no saga id comes from a hook's outbox, whose relay publishes until acknowledged: never lost.
 */
export class ScriptedAdversary {
  private next = 0;
  private readonly drops = new Map<string, number>();

  constructor(
    private readonly script: readonly Fate[],
    private readonly limits: ScriptLimits,
  ) {}

  readonly fate = (message: BusMessage): Fate => {
    const fair: Fate = { kind: 'deliver', latencyMs: this.limits.fairLatencyMs };
    const fate = this.script[this.next++] ?? fair;
    if (fate.kind !== 'drop') return fate;
    const saga = message.headers[SAGA_ID_HEADER];
    if (saga === undefined || !this.limits.droppable(message)) return fair;
    const used = this.drops.get(saga) ?? 0;
    if (used >= this.limits.dropsPerSaga) return fair;
    this.drops.set(saga, used + 1);
    return fate;
  };

  dropsOf(saga: string): number {
    return this.drops.get(saga) ?? 0;
  }
}
