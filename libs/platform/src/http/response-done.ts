/** What a middleware that waits for the end of a response sees of it. */
export interface FinishingResponse {
  statusCode: number;
  /** False while nothing has been sent: the status code is not the answer's yet. */
  readonly headersSent?: boolean;
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

/**
 * Calls `done` once, when `response` has been sent ('finish') or, if the client went away first,
 * when its connection closed ('close' without 'finish'): either way the request is over.
 */
export function whenResponseDone(response: FinishingResponse, done: () => void): void {
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    done();
  };
  response.once('finish', once);
  response.once('close', once);
}
