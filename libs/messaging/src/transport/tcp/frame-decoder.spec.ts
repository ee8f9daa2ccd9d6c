import { randomBytes } from 'node:crypto';
import { FrameDecoder } from './frame-decoder';
import { FrameError } from './frame.error';
import { encodeFrame, Frame, FrameKind, maxFrameBytes } from './tcp-frame';

const MAX = maxFrameBytes(1024);

function frame(
  id: number,
  body = Buffer.from(`body-${id}`),
  headers: Record<string, string> = { h: `v${id}` },
): Buffer {
  return encodeFrame(FrameKind.Event, id, headers, body, MAX);
}

/** A hand-built frame, to say things encodeFrame never would. */
function rawFrame(kind: number, headerJson: string, body = Buffer.alloc(0), headerLength?: number) {
  const header = Buffer.from(headerJson, 'utf8');
  const out = Buffer.alloc(4 + 9 + header.length + body.length);
  out.writeUInt32BE(9 + header.length + body.length, 0);
  out.writeUInt8(kind, 4);
  out.writeUInt32BE(7, 5);
  out.writeUInt32BE(headerLength ?? header.length, 9);
  header.copy(out, 13);
  body.copy(out, 13 + header.length);
  return out;
}

function failure(decoder: FrameDecoder, bytes: Buffer): FrameError {
  try {
    decoder.push(bytes);
  } catch (error) {
    if (error instanceof FrameError) return error;
    throw error;
  }
  throw new Error('expected a FrameError');
}

describe('FrameDecoder', () => {
  it('round-trips kind, id, headers and exact body bytes', () => {
    const body = randomBytes(1000);
    const [decoded] = new FrameDecoder(MAX).push(frame(42, body, { 'rl-type': 'x.y' }));
    expect(decoded).toEqual<Frame>({
      kind: FrameKind.Event,
      id: 42,
      headers: { 'rl-type': 'x.y' },
      body,
    });
  });

  it('reassembles frames split at every byte', () => {
    const first = frame(1);
    const body = randomBytes(300);
    const bytes = Buffer.concat([first, frame(2, body)]);
    const decoder = new FrameDecoder(MAX);
    const frames: Frame[] = [];
    for (let i = 0; i < bytes.length; i++) {
      frames.push(...decoder.push(bytes.subarray(i, i + 1)));
      const atBoundary = i === first.length - 1 || i === bytes.length - 1;
      expect(decoder.hasPartialFrame).toBe(!atBoundary);
    }
    expect(frames.map((f) => f.id)).toEqual([1, 2]);
    expect(frames[1].body).toEqual(body);
  });

  it('decodes many frames from one chunk without recursion (GHSA-hpwf-8g29-85qm)', () => {
    const count = 50_000;
    const tiny = Array.from({ length: count }, (_, i) =>
      encodeFrame(FrameKind.Ack, i + 1, {}, undefined, MAX),
    );
    const frames = new FrameDecoder(MAX).push(Buffer.concat(tiny));
    expect(frames).toHaveLength(count);
    expect(frames[count - 1].id).toBe(count);
  });

  it('keeps a trailing partial frame for the next chunk', () => {
    const second = frame(2);
    const decoder = new FrameDecoder(MAX);
    const first = decoder.push(Buffer.concat([frame(1), second.subarray(0, 6)]));
    expect(first.map((f) => f.id)).toEqual([1]);
    expect(decoder.hasPartialFrame).toBe(true);
    expect(decoder.push(second.subarray(6)).map((f) => f.id)).toEqual([2]);
    expect(decoder.hasPartialFrame).toBe(false);
  });

  it('refuses an oversized length prefix before buffering its frame', () => {
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32BE(MAX + 1);
    const error = failure(new FrameDecoder(MAX), prefix);
    expect(error.reason).toBe('oversized');
    // The largest allowed frame still passes.
    const body = Buffer.alloc(MAX - 9 - 2);
    expect(new FrameDecoder(MAX).push(encodeFrame(FrameKind.Event, 1, {}, body, MAX))).toHaveLength(
      1,
    );
  });

  it('refuses to encode a frame over the limit', () => {
    expect(() => encodeFrame(FrameKind.Event, 1, {}, Buffer.alloc(MAX), MAX)).toThrow(/limit/);
  });

  it.each([
    ['a length shorter than the fixed fields', Buffer.from([0, 0, 0, 3, 1, 2, 3])],
    ['an unknown kind', rawFrame(200, '{}')],
    ['a header length past the frame', rawFrame(FrameKind.Event, '{}', Buffer.alloc(0), 999)],
    ['headers that are not JSON', rawFrame(FrameKind.Event, '{"a":')],
    ['headers that are an array', rawFrame(FrameKind.Event, '["a"]')],
    ['headers that are null', rawFrame(FrameKind.Event, 'null')],
    ['a non-string header value', rawFrame(FrameKind.Event, '{"a":1}')],
    ['a __proto__ header', rawFrame(FrameKind.Event, '{"__proto__":{"polluted":"yes"}}')],
    ['a constructor header', rawFrame(FrameKind.Event, '{"constructor":"x"}')],
  ])('treats %s as a malformed stream', (_case, bytes) => {
    expect(failure(new FrameDecoder(MAX), bytes).reason).toBe('malformed');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('survives random garbage with a FrameError or a partial frame, never anything else', () => {
    for (let i = 0; i < 500; i++) {
      const decoder = new FrameDecoder(MAX);
      try {
        decoder.push(randomBytes(1 + (i % 64)));
      } catch (error) {
        expect(error).toBeInstanceOf(FrameError);
      }
    }
  });
});
