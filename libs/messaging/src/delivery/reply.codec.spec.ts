import { HEADER } from '../envelope/envelope-headers';
import { InvalidMessageError } from '../errors/invalid-message.error';
import { decodeReply, encodeReply } from './reply.codec';

describe('reply codec', () => {
  it('round-trips a success and a failure', () => {
    const ok = encodeReply('r1', { ok: true, body: { n: 1 } }, 1024);
    expect(decodeReply(ok.headers, ok.body, 1024)).toEqual({
      requestId: 'r1',
      reply: { ok: true, body: { n: 1 } },
    });
    const failed = encodeReply('r2', { ok: false, error: { code: 'X', message: 'm' } }, 1024);
    expect(decodeReply(failed.headers, failed.body, 1024)).toEqual({
      requestId: 'r2',
      reply: { ok: false, error: { code: 'X', message: 'm', details: undefined } },
    });
  });

  it('turns a reply over the size limit into an error reply the caller hears at once', () => {
    const wire = encodeReply('r1', { ok: true, body: 'x'.repeat(5000) }, 1024);
    expect(wire.headers[HEADER.replyStatus]).toBe('error');
    expect(decodeReply(wire.headers, wire.body, 1024).reply).toMatchObject({
      ok: false,
      error: { code: 'REPLY_TOO_LARGE' },
    });
  });

  it('refuses a reply without request id', () => {
    expect(() => decodeReply({}, Buffer.from('1'), 1024)).toThrow(InvalidMessageError);
  });
});
