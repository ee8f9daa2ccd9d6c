import { Envelope } from '@railyard/messaging';

/** What the saga and the services read of an envelope on the simulated bus. */
export type BusMessage = Pick<Envelope, 'type' | 'payload' | 'headers'>;

/** What the adversary does with one send: deliver it late, deliver it twice, or lose it. */
export type Fate =
  | { kind: 'deliver'; latencyMs: number }
  | { kind: 'duplicate'; latencyMs: number; againMs: number }
  | { kind: 'drop' };

export type Adversary = (message: BusMessage) => Fate;

interface Scheduled {
  at: number;
  seq: number;
  run: () => void | Promise<void>;
}

/**
 * Simulated time and bus in one event queue: deliveries and timers run in time order, ties in
 * the order they were scheduled. Time only moves when the next event is taken, so a run is a
 * pure function of its inputs.
 */
export class SimulatedNetwork {
  private clock: number;
  private seq = 0;
  private readonly queue: Scheduled[] = [];

  constructor(
    startMs: number,
    private readonly adversary: Adversary,
    private readonly deliver: (message: BusMessage) => void | Promise<void>,
  ) {
    this.clock = startMs;
  }

  get now(): number {
    return this.clock;
  }

  send(message: BusMessage): void {
    const fate = this.adversary(message);
    if (fate.kind === 'drop') return;
    this.after(fate.latencyMs, () => this.deliver(message));
    if (fate.kind === 'duplicate') this.after(fate.againMs, () => this.deliver(message));
  }

  at(time: number, run: () => void | Promise<void>): void {
    const event = { at: Math.max(time, this.clock), seq: this.seq++, run };
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1].at > event.at) i--;
    this.queue.splice(i, 0, event);
  }

  after(delayMs: number, run: () => void | Promise<void>): void {
    this.at(this.clock + delayMs, run);
  }

  /**
   * Runs events until none is left and says how many ran; throws past `maxEvents`, which means
   * the system never settles.
   */
  async runUntilQuiet(maxEvents: number): Promise<number> {
    let count = 0;
    for (; this.queue.length > 0; count++) {
      if (count >= maxEvents) throw new Error(`not quiet after ${maxEvents} events`);
      const event = this.queue.shift() as Scheduled;
      this.clock = event.at;
      await event.run();
    }
    return count;
  }
}
