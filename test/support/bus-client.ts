import { randomUUID } from 'node:crypto';
import {
  createEnvelope,
  createTransport,
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

  request<T>(service: string, pattern: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
    return this.transport.request(
      service,
      createEnvelope({ type: pattern, payload }),
      timeoutMs,
    ) as Promise<T>;
  }

  /** Retries while the target is not reachable yet (a service still starting or restarting). */
  async requestEventually<T>(
    service: string,
    pattern: string,
    payload: unknown,
    withinMs = 30_000,
  ): Promise<T> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      try {
        return await this.request<T>(service, pattern, payload, 5_000);
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
