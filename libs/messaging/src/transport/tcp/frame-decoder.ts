import { FrameError } from './frame.error';
import { parseFrameHeaders } from './frame-headers';
import { Frame, FRAME_FIXED_BYTES, isFrameKind, LENGTH_PREFIX_BYTES } from './tcp-frame';

/**
 * Turns a byte stream into frames. Memory stays bounded: a length prefix over `maxFrameBytes`
 * throws before a byte of its frame is kept, so at most one frame plus one socket chunk is held.
 * Decoding is a loop, not recursion: a chunk full of tiny frames cannot overflow the stack (the
 * failure Nest's TCP transport had, advisory GHSA-hpwf-8g29-85qm).
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes (prefix included) of the frame being assembled, once its prefix has been read. */
  private expected?: number;

  constructor(private maxFrameBytes: number) {}

  /** Changes the bound for frames whose length prefix has not been read yet. */
  limitTo(maxFrameBytes: number): void {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Some bytes of an unfinished frame are waiting for the rest. */
  get hasPartialFrame(): boolean {
    return this.buffered > 0;
  }

  /** Returns the frames `chunk` completes; throws FrameError when the stream is broken. */
  push(chunk: Buffer): Frame[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames: Frame[] = [];
    for (;;) {
      if (this.expected === undefined) {
        if (this.buffered < LENGTH_PREFIX_BYTES) break;
        const length = this.peekLength();
        if (length > this.maxFrameBytes) {
          throw new FrameError(
            'oversized',
            `frame of ${length} bytes announced, limit ${this.maxFrameBytes}`,
          );
        }
        if (length < FRAME_FIXED_BYTES) {
          throw new FrameError('malformed', `frame of ${length} bytes is too short`);
        }
        this.expected = LENGTH_PREFIX_BYTES + length;
      }
      if (this.buffered < this.expected) break;
      const bytes = this.take(this.expected);
      this.expected = undefined;
      frames.push(parseFrame(bytes.subarray(LENGTH_PREFIX_BYTES)));
    }
    return frames;
  }

  private peekLength(): number {
    const first = this.chunks[0];
    if (first.length >= LENGTH_PREFIX_BYTES) return first.readUInt32BE(0);
    return Buffer.concat(this.chunks).readUInt32BE(0); // rare: the prefix itself was split
  }

  /** Removes and returns the first `n` buffered bytes, copying only when they span chunks. */
  private take(n: number): Buffer {
    this.buffered -= n;
    const first = this.chunks[0];
    if (first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0];
      const used = Math.min(chunk.length, n - filled);
      chunk.copy(out, filled, 0, used);
      filled += used;
      if (used === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(used);
    }
    return out;
  }
}

function parseFrame(bytes: Buffer): Frame {
  const kind = bytes.readUInt8(0);
  if (!isFrameKind(kind)) throw new FrameError('malformed', `unknown frame kind ${kind}`);
  const id = bytes.readUInt32BE(1);
  const headerLength = bytes.readUInt32BE(5);
  const bodyStart = FRAME_FIXED_BYTES + headerLength;
  if (bodyStart > bytes.length) {
    throw new FrameError('malformed', `header length ${headerLength} overruns the frame`);
  }
  const headers = parseFrameHeaders(bytes.subarray(FRAME_FIXED_BYTES, bodyStart));
  // Copy the body: a slice would pin the whole socket chunk for as long as a handler holds it.
  return { kind, id, headers, body: Buffer.from(bytes.subarray(bodyStart)) };
}
