import { TestingModule } from '@nestjs/testing';
import { Envelope } from '@railyard/messaging';
import { DATABASE_KINDS } from '../../../../test/support/database';
import { outboxTestBed, stage } from '../../../../test/support/outbox-harness';
import { RecordingTransport } from '../../../../test/support/recording-transport';

jest.setTimeout(60_000);

/**
 * A bus whose drain lets one last handler finish, and that handler commits an event (issue 14
 * point 9). What the handler committed must be published before the bus disconnects: Nest drains
 * the bus (RailyardServer.onModuleDestroy), then the relay makes its final pass
 * (beforeApplicationShutdown), then the transport closes.
 */
class DrainingTransport extends RecordingTransport {
  moduleRef?: TestingModule;
  committedWhileDraining: Envelope[] = [];
  publishedBeforeClose?: Envelope[];

  private draining?: Promise<void>;

  /** Once, like BaseTransport.drain(). */
  drain(): Promise<void> {
    this.draining ??= stage(this.moduleRef!, 'late-aggregate', 2).then((staged) => {
      this.committedWhileDraining = staged;
    });
    return this.draining;
  }

  override async close(): Promise<void> {
    await this.drain(); // as BaseTransport.close() does: at once if drained already
    this.publishedBeforeClose = [...this.published];
  }
}

describe.each(DATABASE_KINDS)('shutdown order on %s', (kind) => {
  const bed = outboxTestBed(kind);

  it('publishes what handlers committed while the bus drained, before it disconnects', async () => {
    const transport = new DrainingTransport();
    const moduleRef = await bed.boot(transport);
    transport.moduleRef = moduleRef;
    await moduleRef.close();
    const ids = (envelopes: Envelope[] = []) => envelopes.map((envelope) => envelope.messageId);
    expect(transport.committedWhileDraining).toHaveLength(2);
    expect(ids(transport.publishedBeforeClose)).toEqual(ids(transport.committedWhileDraining));
  });
});
