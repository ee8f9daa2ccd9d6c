import { useEffect, useState } from 'preact/hooks';
import { apiError, ApiError, errorText } from './admin-api';
import { ConsoleOverview, SagasByService } from './console-types';
import { SseParser } from './sse-parser';

export interface LiveState {
  overview?: ConsoleOverview;
  sagas?: SagasByService;
  /** The last frame's arrival: a view refreshes what it fetched itself on each. */
  tick: number;
  connected: boolean;
  error?: string;
}

const RETRY_MS = 2_000;

/**
 * /admin/stream read with fetch (EventSource cannot send the Authorization header), reconnecting
 * after a drop; a 401/403 stops it and is reported through `onDenied`.
 */
export function useLiveStream(token: string, onDenied: (error: ApiError) => void): LiveState {
  const [state, setState] = useState<LiveState>({ tick: 0, connected: false });

  useEffect(() => {
    const stop = new AbortController();
    const update = (change: Partial<LiveState>) => setState((old) => ({ ...old, ...change }));
    const run = async () => {
      while (!stop.signal.aborted) {
        try {
          await readStream(token, stop.signal, update);
          update({ connected: false, error: 'the live stream ended; reconnecting' });
        } catch (error) {
          if (stop.signal.aborted) return;
          if (error instanceof ApiError && error.isAccessDenied) return onDenied(error);
          update({ connected: false, error: `live stream: ${errorText(error)}; reconnecting` });
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    };
    void run();
    return () => stop.abort();
  }, [token]);

  return state;
}

async function readStream(
  token: string,
  signal: AbortSignal,
  update: (change: Partial<LiveState>) => void,
): Promise<void> {
  const response = await fetch('/admin/stream', {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal,
  });
  if (!response.ok || !response.body) throw await apiError(response);
  const parser = new SseParser();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    for (const event of parser.push(value)) {
      const data: unknown = JSON.parse(event.data);
      if (event.event === 'overview') {
        const overview = data as ConsoleOverview;
        update({ overview, tick: Date.now(), connected: true, error: undefined });
      } else if (event.event === 'sagas') {
        update({ sagas: data as SagasByService });
      }
    }
  }
}
