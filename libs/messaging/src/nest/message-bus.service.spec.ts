import { defineEvent, defineQuery } from '@railyard/contracts';
import { withLogContext } from '@railyard/platform';
import { z } from 'zod/v4';
import { MessagingOptions } from '../config/messaging-options';
import { Envelope } from '../envelope/envelope';
import { Transport } from '../transport/transport';
import { MessageBus } from './message-bus.service';

const Pinged = defineEvent({
  type: 'spec.pinged',
  service: 'spec',
  summary: 'a test event',
  payload: z.object({}),
});
const Ask = defineQuery({
  type: 'spec.ask',
  service: 'spec',
  summary: 'a test query',
  payload: z.object({}),
  result: z.object({}),
});

/** The bus over a transport that only records what it was given: this spec is about envelopes. */
function recordingBus() {
  const sent: Envelope[] = [];
  const transport = {
    publish: async (envelope: Envelope) => void sent.push(envelope),
    request: async (_target: string, envelope: Envelope) => (sent.push(envelope), {}),
  } as unknown as Transport;
  const bus = new MessageBus(transport, { requestTimeoutMs: 1_000 } as MessagingOptions);
  return { bus, sent };
}

describe('MessageBus correlation', () => {
  it('joins a message sent without a cause to the conversation in progress', async () => {
    const { bus, sent } = recordingBus();
    await withLogContext({ requestId: 'req-1', correlationId: 'req-1' }, async () => {
      await bus.publish(Pinged, {});
      await bus.request(Ask, {});
    });
    expect(sent.map((envelope) => envelope.correlationId)).toEqual(['req-1', 'req-1']);
  });

  it('keeps the correlation of an explicit cause, and starts one outside any work', async () => {
    const { bus, sent } = recordingBus();
    await withLogContext({ correlationId: 'ambient' }, () =>
      bus.publish(Pinged, {}, { causedBy: { messageId: 'm-0', correlationId: 'caused' } }),
    );
    await bus.publish(Pinged, {});
    expect(sent[0].correlationId).toBe('caused');
    expect(sent[1].correlationId).toBe(sent[1].messageId);
  });
});
