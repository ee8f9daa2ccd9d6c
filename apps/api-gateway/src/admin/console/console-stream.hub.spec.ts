import { HttpException } from '@nestjs/common';
import { ConsoleStreamSource, StreamSubscriber } from './console-stream.options';
import { ConsoleStreamHub } from './console-stream.hub';

const INTERVAL_MS = 1_000;
const HEARTBEAT_MS = 15_000;

/** A stream that keeps what it was sent. */
class RecordingStream implements StreamSubscriber {
  readonly frames: string[] = [];
  ended = false;
  write(frame: string): void {
    this.frames.push(frame);
  }
  end(): void {
    this.ended = true;
  }
  events(name: string): unknown[] {
    const prefix = `event: ${name}\ndata: `;
    return this.frames
      .filter((frame) => frame.startsWith(prefix))
      .map((frame) => JSON.parse(frame.slice(prefix.length)));
  }
}

/** A source that counts its reads and answers each with that count. */
function countingSource(event = 'overview'): ConsoleStreamSource & { reads: number } {
  const source = {
    event,
    reads: 0,
    read: async () => ({ read: ++source.reads }),
  };
  return source;
}

describe('ConsoleStreamHub', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const hubOf = (sources: ConsoleStreamSource[], maxClients = 3) =>
    new ConsoleStreamHub(
      { intervalMs: INTERVAL_MS, maxClients, heartbeatMs: HEARTBEAT_MS },
      sources,
    );

  it('polls nothing until a stream opens, then once per interval for all streams together', async () => {
    const source = countingSource();
    const hub = hubOf([source]);
    await jest.advanceTimersByTimeAsync(5 * INTERVAL_MS);
    expect(source.reads).toBe(0);

    const one = new RecordingStream();
    const two = new RecordingStream();
    hub.subscribe(() => one);
    await jest.advanceTimersByTimeAsync(0);
    expect(one.events('overview')).toEqual([{ read: 1 }]);
    hub.subscribe(() => two);
    // The last frame at once, without a read of its own.
    expect(two.events('overview')).toEqual([{ read: 1 }]);

    await jest.advanceTimersByTimeAsync(3 * INTERVAL_MS);
    expect(source.reads).toBe(4);
    expect(one.events('overview')).toEqual([1, 2, 3, 4].map((read) => ({ read })));
    expect(two.events('overview')).toEqual([1, 2, 3, 4].map((read) => ({ read })));
  });

  it('stops polling with the last stream, and starts afresh with the next', async () => {
    const source = countingSource();
    const hub = hubOf([source]);
    const first = hub.subscribe(() => new RecordingStream());
    const second = hub.subscribe(() => new RecordingStream());
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    first();
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(source.reads).toBe(3);
    second();
    second(); // twice: harmless
    expect(jest.getTimerCount()).toBe(0);
    await jest.advanceTimersByTimeAsync(10 * INTERVAL_MS);
    expect(source.reads).toBe(3);

    const later = new RecordingStream();
    hub.subscribe(() => later);
    // No stale frame from before: the first one is read now.
    expect(later.frames).toEqual([]);
    await jest.advanceTimersByTimeAsync(0);
    expect(later.events('overview')).toEqual([{ read: 4 }]);
  });

  it('never overlaps polls: a slow read delays the next one', async () => {
    let reads = 0;
    let running = 0;
    let mostAtOnce = 0;
    const slow: ConsoleStreamSource = {
      event: 'overview',
      read: async () => {
        mostAtOnce = Math.max(mostAtOnce, ++running);
        await new Promise((resolve) => setTimeout(resolve, 2.5 * INTERVAL_MS));
        running--;
        return ++reads;
      },
    };
    const hub = hubOf([slow]);
    const stream = new RecordingStream();
    hub.subscribe(() => stream);
    await jest.advanceTimersByTimeAsync(6 * INTERVAL_MS);
    expect(stream.events('overview')).toEqual([1, 2]);
    expect(mostAtOnce).toBe(1);
  });

  it('sends every source each poll, and skips a failing one without stopping the others', async () => {
    const sagas: ConsoleStreamSource = {
      event: 'sagas',
      read: () => Promise.reject(new Error('saga host down')),
    };
    const hub = hubOf([countingSource(), sagas]);
    const stream = new RecordingStream();
    hub.subscribe(() => stream);
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(stream.events('overview')).toHaveLength(2);
    expect(stream.events('sagas')).toEqual([]);
  });

  it('writes a heartbeat comment to every stream while any is open', async () => {
    const hub = hubOf([countingSource()]);
    const stream = new RecordingStream();
    hub.subscribe(() => stream);
    await jest.advanceTimersByTimeAsync(HEARTBEAT_MS);
    expect(stream.frames.filter((frame) => frame === ': heartbeat\n\n')).toHaveLength(1);
  });

  it('refuses a stream past maxClients before opening it (429)', () => {
    const hub = hubOf([countingSource()], 1);
    hub.subscribe(() => new RecordingStream());
    const opened = jest.fn(() => new RecordingStream());
    expect(() => hub.subscribe(opened)).toThrow(HttpException);
    try {
      hub.subscribe(opened);
    } catch (error) {
      expect((error as HttpException).getStatus()).toBe(429);
    }
    expect(opened).not.toHaveBeenCalled();
    expect(hub.openStreams).toBe(1);
  });

  it('ends every stream at shutdown, leaves no timer, and refuses new streams (503)', async () => {
    const source = countingSource();
    const hub = hubOf([source]);
    const streams = [new RecordingStream(), new RecordingStream()];
    for (const stream of streams) hub.subscribe(() => stream);
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    hub.beforeApplicationShutdown();
    expect(streams.map((stream) => stream.ended)).toEqual([true, true]);
    expect(jest.getTimerCount()).toBe(0);
    expect(() => hub.subscribe(() => new RecordingStream())).toThrow(/shutting down/);
  });

  it('drops the frames of a poll that was still running when the last stream left', async () => {
    let release: (value: unknown) => void = () => undefined;
    const held: ConsoleStreamSource = {
      event: 'overview',
      read: () => new Promise((resolve) => (release = resolve)),
    };
    const hub = hubOf([held]);
    const stream = new RecordingStream();
    const leave = hub.subscribe(() => stream);
    leave();
    release({ late: true });
    await jest.advanceTimersByTimeAsync(5 * INTERVAL_MS);
    expect(stream.frames).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });
});
