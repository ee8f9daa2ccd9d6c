import { Envelope, Transport, TransportStatus } from '@railyard/messaging';

/**
 * An in-memory stand-in for the bus, for specs of database logic (outbox relay, inbox) that are not
 * about a transport. It records what was published and can be told to fail.
 */
export class RecordingTransport implements Transport {
  readonly name = 'tcp' as const;
  readonly published: Envelope[] = [];
  failWith?: Error;
  /** Milliseconds each publish takes, to widen race windows. */
  latencyMs = 0;

  async connect(): Promise<void> {}
  async listen(): Promise<void> {}

  async publish(envelope: Envelope): Promise<void> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (this.failWith) throw this.failWith;
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
