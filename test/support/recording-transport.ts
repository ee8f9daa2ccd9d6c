import { Envelope, Transport, TransportStatus } from '@railyard/messaging';

/**
 * An in-memory stand-in for the bus, for specs of database logic (outbox relay, inbox) that are not
 * about a transport. It records what was published and can be told to fail.
 */
export class RecordingTransport implements Transport {
  readonly name = 'tcp' as const;
  failWith?: Error;
  /** Refuses chosen envelopes (a poison message) while others go through. */
  refuse?: (envelope: Envelope) => Error | undefined;
  /** Milliseconds each publish takes, to widen race windows. */
  latencyMs = 0;
  /** Up to this many more milliseconds, at random, per publish. */
  jitterMs = 0;

  /** `published` may be shared by several transports (relays) to see one global order. */
  constructor(readonly published: Envelope[] = []) {}

  async connect(): Promise<void> {}
  async listen(): Promise<void> {}

  async publish(envelope: Envelope): Promise<void> {
    const latency = this.latencyMs + Math.random() * this.jitterMs;
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    if (this.failWith) throw this.failWith;
    const refused = this.refuse?.(envelope);
    if (refused) throw refused;
    this.published.push(envelope);
  }

  async request(): Promise<unknown> {
    throw new Error('RecordingTransport does not serve requests');
  }

  async close(): Promise<void> {}

  status(): TransportStatus {
    return { transport: 'tcp', connected: true, consuming: false };
  }
}
