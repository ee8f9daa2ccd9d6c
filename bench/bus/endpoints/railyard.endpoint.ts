import { createEnvelope, createTransport, MessagingOptions, Transport } from '@railyard/messaging';
import { EventPayload } from '../event-payload';
import { BenchEndpoint } from './bench-endpoint';

/** The bus itself: one transport instance that subscribes to `type` and publishes it. */
export class RailyardEndpoint implements BenchEndpoint {
  private transport?: Transport;

  constructor(
    private readonly options: MessagingOptions,
    private readonly type: string,
  ) {}

  async start(onEvent: (payload: EventPayload) => void): Promise<void> {
    const transport = (this.transport = createTransport(this.options));
    await transport.connect();
    const handler = async (envelope: { payload: unknown }) =>
      onEvent(envelope.payload as EventPayload);
    await transport.listen({ events: new Map([[this.type, handler]]), requests: new Map() });
  }

  publish(payload: EventPayload): Promise<void> {
    const envelope = createEnvelope({ type: this.type, payload, aggregateId: payload.orderId });
    return this.transport!.publish(envelope);
  }

  async close(): Promise<void> {
    await this.transport?.close();
  }
}
