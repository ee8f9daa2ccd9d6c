import { messagingOptionsFromEnv } from '../config/messaging-options.from-config';
import { createEnvelope } from '../envelope/envelope';
import { RequestTimeoutError } from '../errors/request-timeout.error';
import { TransportStatus } from './transport';
import { BaseTransport } from './base.transport';

/** A transport whose requests go nowhere: each send takes `sendMs`, then fails or not. */
class SlowSendTransport extends BaseTransport {
  readonly name = 'tcp' as const;
  sendMs = 0;
  sendError?: Error;

  status(): TransportStatus {
    return { transport: 'tcp', connected: true, consuming: false };
  }
  protected async openConnection(): Promise<void> {}
  protected async startConsuming(): Promise<void> {}
  protected async sendEvent(): Promise<void> {}
  protected async sendRequest(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.sendMs));
    if (this.sendError) throw this.sendError;
  }
  protected async writeDeadLetter(): Promise<void> {}
  protected async stopConsuming(): Promise<void> {}
  protected async disconnect(): Promise<void> {}
}

describe('BaseTransport.request', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  let transport: SlowSendTransport;

  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
    transport = new SlowSendTransport(messagingOptionsFromEnv('probe', { DATA_DIR: '/tmp' }));
  });
  afterEach(async () => {
    process.off('unhandledRejection', onUnhandled);
    await transport.close();
  });

  const request = (timeoutMs: number) =>
    transport.request('order', createEnvelope({ type: 'order.get', payload: {} }), timeoutMs);

  it('times out on time while the send is still stuck (a broker reconnecting), and nothing is left unhandled', async () => {
    transport.sendMs = 300;
    const started = Date.now();
    await expect(request(50)).rejects.toBeInstanceOf(RequestTimeoutError);
    expect(Date.now() - started).toBeLessThan(250);
    await new Promise((resolve) => setTimeout(resolve, 350)); // the stuck send ends, and fails late
    transport.sendError = new Error('late');
    expect(unhandled).toEqual([]);
  });

  it('fails at once with the send error when the send fails before the timeout', async () => {
    transport.sendError = new Error('channel closed');
    await expect(request(5_000)).rejects.toThrow('channel closed');
    expect(unhandled).toEqual([]);
  });

  it('a send that fails after the timeout changes nothing and is not unhandled', async () => {
    transport.sendMs = 100;
    transport.sendError = new Error('too late to matter');
    await expect(request(20)).rejects.toBeInstanceOf(RequestTimeoutError);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(unhandled).toEqual([]);
  });
});
