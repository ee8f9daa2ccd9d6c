import type { Response } from 'express';
import { StreamSubscriber } from './console-stream.options';

/**
 * Bytes a stream may have waiting for a slow client before it is cut: a client that stops reading
 * must not make the gateway hold every frame since (it reconnects and gets the latest at once).
 */
export const MAX_UNSENT_BYTES = 1024 * 1024;

/**
 * Turns `response` into a server-sent event stream: headers sent at once, nothing cached or
 * transformed on the way (`X-Accel-Buffering: no` for nginx-like proxies that would buffer it).
 */
export function openEventStream(response: Response): StreamSubscriber {
  response.status(200);
  response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  response.setHeader('Cache-Control', 'no-cache, no-transform');
  response.setHeader('Connection', 'keep-alive');
  response.setHeader('X-Accel-Buffering', 'no');
  response.flushHeaders();
  return {
    write: (frame) => {
      if (response.writableEnded || response.destroyed) return;
      if (response.writableLength > MAX_UNSENT_BYTES) response.destroy();
      else response.write(frame);
    },
    end: () => {
      if (!response.writableEnded) response.end();
    },
  };
}
