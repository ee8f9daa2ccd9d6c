import { Logger } from '@nestjs/common';
import { Socket } from 'node:net';
import { FrameDecoder } from './frame-decoder';
import { FrameError } from './frame.error';
import { encodeFrame, Frame, FrameKind, MAX_FRAME_ID } from './tcp-frame';

/** OS keepalive probes find a peer whose host vanished; idle but healthy links stay open. */
const KEEPALIVE_MS = 10_000;
/** Unsent bytes past which a sender holds further frames (see `congested`). */
const CONGESTED_BYTES = 8 * 1024 * 1024;

export interface FrameConnectionOptions {
  /** Names the other end in logs, e.g. `inventory@127.0.0.1:4002`. */
  label: string;
  maxFrameBytes: number;
  /** A frame whose bytes stop arriving for this long closes the connection. */
  frameStallMs: number;
  logger: Logger;
  onFrame(frame: Frame): void;
  /** Told of every connection closed for breaking the framing (a counter in status()). */
  onFrameError(error: FrameError): void;
}

/**
 * A socket that carries frames, used by both the server and the client side. It owns the
 * socket's safety policy: bounded frames, a stall timer for partial frames, Nagle off (acks would
 * otherwise wait ~40 ms, docs/pitfalls.md#tcp-nagle), keepalive, and an error listener so no
 * socket error can become an uncaught exception.
 */
export class FrameConnection {
  /** Resolves once the socket is closed, with the error that closed it, if any. */
  readonly closed: Promise<Error | undefined>;
  private readonly decoder: FrameDecoder;
  private stallTimer?: NodeJS.Timeout;
  private lastId = 0;
  private error?: Error;

  constructor(
    readonly socket: Socket,
    private readonly options: FrameConnectionOptions,
  ) {
    this.decoder = new FrameDecoder(options.maxFrameBytes);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, KEEPALIVE_MS);
    socket.on('error', (error) => (this.error ??= error));
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        clearTimeout(this.stallTimer);
        resolve(this.error);
      });
    });
  }

  get label(): string {
    return this.options.label;
  }

  get isOpen(): boolean {
    return !this.socket.destroyed && this.socket.writable;
  }

  /**
   * More unsent bytes queued than the peer is reading: a sender should wait for onDrained()
   * rather than grow this process's memory without bound (a peer paused by SIGSTOP, say).
   */
  get congested(): boolean {
    return this.socket.writableLength > Math.max(2 * this.options.maxFrameBytes, CONGESTED_BYTES);
  }

  /** Calls `resume` once, when queued bytes are flushed or the connection closes. */
  onDrained(resume: () => void): void {
    const once = () => {
      this.socket.off('drain', once);
      this.socket.off('close', once);
      resume();
    };
    this.socket.on('drain', once);
    this.socket.on('close', once);
  }

  nextId(): number {
    this.lastId = this.lastId >= MAX_FRAME_ID ? 1 : this.lastId + 1;
    return this.lastId;
  }

  /** Writes one frame; false if the connection is already gone (the caller decides what then). */
  send(kind: FrameKind, id: number, headers: Record<string, string> = {}, body?: Buffer): boolean {
    if (!this.isOpen) return false;
    // Frames written in one tick (a batch of publishes, the acks of one read) leave in one
    // syscall: corked here, uncorked once the tick's synchronous work is done.
    if (this.socket.writableCorked === 0) {
      this.socket.cork();
      process.nextTick(() => this.socket.uncork());
    }
    this.socket.write(encodeFrame(kind, id, headers, body, this.options.maxFrameBytes));
    return true;
  }

  /** Flushes what was written, then closes; destroys the socket if the peer lingers past `graceMs`. */
  async end(graceMs: number): Promise<void> {
    this.socket.end();
    const timer = setTimeout(() => this.socket.destroy(), graceMs);
    timer.unref();
    await this.closed;
    clearTimeout(timer);
  }

  /** Bounds the frames read from now on (e.g. small until a peer has authenticated). */
  limitIncomingFrames(maxFrameBytes: number): void {
    this.decoder.limitTo(maxFrameBytes);
  }

  destroy(error?: Error): void {
    if (error) this.error ??= error;
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      return this.reject(error);
    }
    // The stall clock runs from the first byte of the frame now pending, however it trickles in.
    if (frames.length > 0 || !this.decoder.hasPartialFrame) {
      clearTimeout(this.stallTimer);
      this.stallTimer = undefined;
    }
    if (this.decoder.hasPartialFrame && !this.stallTimer) {
      this.stallTimer = setTimeout(() => this.onStalled(), this.options.frameStallMs);
      this.stallTimer.unref();
    }
    for (const frame of frames) {
      if (this.socket.destroyed) return;
      try {
        this.options.onFrame(frame);
      } catch (error) {
        // A bug in frame handling must cost this connection, not the process.
        this.options.logger.error(`frame from ${this.label} failed: ${(error as Error).message}`);
        this.destroy(error as Error);
      }
    }
  }

  private onStalled(): void {
    const { frameStallMs } = this.options;
    this.reject(new FrameError('stalled', `partial frame stalled for ${frameStallMs} ms`));
  }

  private reject(error: FrameError): void {
    this.options.logger.warn(`closing connection with ${this.label}: ${error.message}`);
    this.options.onFrameError(error);
    this.destroy(error);
  }
}
