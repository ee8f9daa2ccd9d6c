import { randomUUID } from 'node:crypto';
import { PayloadInput, RequestContract, ResultOf } from '@railyard/contracts';
import {
  createEnvelope,
  createTransport,
  Envelope,
  messagingOptionsFromEnv,
  Transport,
} from '@railyard/messaging';

/**
 * The test's own seat on the bus: requests to the services over the same transport they use, as
 * the gateway would. Each instance is a distinct client (its own reply queue/topic).
 */
export class BusClient {
  private constructor(private readonly transport: Transport) {}

  static async connect(env: Record<string, string>): Promise<BusClient> {
    const options = messagingOptionsFromEnv(`e2e-probe-${randomUUID().slice(0, 8)}`, {
      ...process.env,
      ...env,
    });
    const transport = createTransport(options);
    await transport.connect();
    return new BusClient(transport);
  }

  request<C extends RequestContract>(
    contract: C,
    payload: PayloadInput<C>,
    timeoutMs = 10_000,
  ): Promise<ResultOf<C>> {
    return this.send(contract, payload, timeoutMs) as Promise<ResultOf<C>>;
  }

  /** What a hostile or buggy caller can do: any payload, typed or not, to the contract's service. */
  send(contract: RequestContract, payload: unknown, timeoutMs = 10_000): Promise<unknown> {
    return this.transport.request(
      contract.service,
      createEnvelope({ type: contract.type, payload }),
      timeoutMs,
    );
  }

  /**
   * Publishes an event of `type` with any payload, straight on the transport: no contract checks
   * it, as a buggy producer's would not. Returns the envelope (its messageId names it downstream).
   */
  async publishUnchecked(type: string, payload: unknown): Promise<Envelope<unknown>> {
    const envelope = createEnvelope({ type, payload });
    await this.transport.publish(envelope);
    return envelope;
  }

  /** Retries while the target is not reachable yet (a service still starting or restarting). */
  async requestEventually<C extends RequestContract>(
    contract: C,
    payload: PayloadInput<C>,
    withinMs = 30_000,
  ): Promise<ResultOf<C>> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      try {
        return await this.request(contract, payload, 5_000);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'REMOTE_ERROR' || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
