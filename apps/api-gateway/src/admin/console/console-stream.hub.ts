import {
  BeforeApplicationShutdown,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import { AsyncResource } from 'node:async_hooks';
import {
  CONSOLE_STREAM_OPTIONS,
  CONSOLE_STREAM_SOURCES,
  ConsoleStreamOptions,
  ConsoleStreamSource,
  StreamSubscriber,
} from './console-stream.options';
import { SSE_HEARTBEAT, sseEvent } from './server-sent-events';

/**
 * Feeds every open console stream from one poller (N browsers cost the bus what one does). The
 * poller starts with the first stream and stops with the last; each poll reads every source once
 * and writes the same frames to every stream, and a stream that joins gets the last frames at once.
 * Its timers are unref'd and cleared when it stops: an idle gateway polls nothing and nothing it
 * holds keeps the process alive. At shutdown, every stream is ended before the HTTP server closes
 * (which would otherwise wait for them).
 */
@Injectable()
export class ConsoleStreamHub implements BeforeApplicationShutdown {
  private readonly logger = new Logger('ConsoleStream');
  private readonly subscribers = new Set<StreamSubscriber>();
  /** The last frame of each source, for a stream that joins between polls. */
  private readonly latest = new Map<string, string>();
  private readonly failing = new Set<string>();
  private pollTimer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  /** Bumped at each start and stop: a poll of an earlier run neither writes nor reschedules. */
  private run = 0;
  private closed = false;
  /**
   * Runs the poller in the context this hub was built in, not the first subscriber's request: its
   * bus requests must not join that request's trace or log context for the poller's whole life.
   */
  private readonly detached = AsyncResource.bind((work: () => void) => work());

  constructor(
    @Inject(CONSOLE_STREAM_OPTIONS) private readonly options: ConsoleStreamOptions,
    @Inject(CONSOLE_STREAM_SOURCES) private readonly sources: readonly ConsoleStreamSource[],
  ) {}

  get openStreams(): number {
    return this.subscribers.size;
  }

  /**
   * Opens a stream with `open` and adds it; returns its unsubscribe. Refuses before opening (so
   * the refusal is an ordinary error answer): 429 past maxClients, 503 once shutting down.
   */
  subscribe(open: () => StreamSubscriber): () => void {
    if (this.closed) throw new ServiceUnavailableException('the gateway is shutting down');
    if (this.subscribers.size >= this.options.maxClients) {
      throw new HttpException(
        `at most ${this.options.maxClients} console streams may be open at once`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const subscriber = open();
    this.subscribers.add(subscriber);
    for (const frame of this.latest.values()) subscriber.write(frame);
    if (this.subscribers.size === 1) this.start();
    return () => this.unsubscribe(subscriber);
  }

  beforeApplicationShutdown(): void {
    this.closed = true;
    const open = [...this.subscribers];
    this.subscribers.clear();
    this.stop();
    for (const subscriber of open) subscriber.end();
  }

  private unsubscribe(subscriber: StreamSubscriber): void {
    if (this.subscribers.delete(subscriber) && this.subscribers.size === 0) this.stop();
  }

  private start(): void {
    const run = ++this.run;
    this.detached(() => {
      this.heartbeatTimer = setInterval(
        () => this.broadcast(SSE_HEARTBEAT),
        this.options.heartbeatMs,
      );
      this.heartbeatTimer.unref();
      void this.poll(run);
    });
  }

  private stop(): void {
    this.run++;
    clearTimeout(this.pollTimer);
    clearInterval(this.heartbeatTimer);
    this.pollTimer = this.heartbeatTimer = undefined;
    // Stale by the time a stream opens again.
    this.latest.clear();
  }

  private async poll(run: number): Promise<void> {
    const started = Date.now();
    const frames = await Promise.all(this.sources.map((source) => this.frameOf(source)));
    if (run !== this.run) return;
    for (const [index, frame] of frames.entries()) {
      if (frame === undefined) continue;
      this.latest.set(this.sources[index].event, frame);
      this.broadcast(frame);
    }
    const wait = Math.max(0, this.options.intervalMs - (Date.now() - started));
    this.pollTimer = setTimeout(() => void this.poll(run), wait);
    this.pollTimer.unref();
  }

  /** The source's event, or nothing this poll if it failed (logged once per outage). */
  private async frameOf(source: ConsoleStreamSource): Promise<string | undefined> {
    try {
      const frame = sseEvent(source.event, await source.read());
      if (this.failing.delete(source.event)) this.logger.log(`${source.event} read again`);
      return frame;
    } catch (error) {
      if (!this.failing.has(source.event)) {
        this.logger.warn(`${source.event} not read: ${(error as Error).message}`);
      }
      this.failing.add(source.event);
      return undefined;
    }
  }

  private broadcast(frame: string): void {
    for (const subscriber of this.subscribers) subscriber.write(frame);
  }
}
