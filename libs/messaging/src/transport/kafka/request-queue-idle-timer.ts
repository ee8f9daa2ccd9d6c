/**
 * kafkajs 2.2.4 keeps a 1 ms timer running on every broker connection for as long as the
 * connection lives: after each response its RequestQueue schedules the next look at its pending
 * requests at `throttledUntil - Date.now()`, a large negative number when nothing is throttled
 * (`throttledUntil` starts at -1), which Node clamps to 1 ms; the look finds nothing and schedules
 * itself again (tulios/kafkajs#1704; on Node 24 the clamp also prints a TimeoutNegativeWarning,
 * tulios/kafkajs#1751; unfixed in any release). Measured here: an idle order-service on Kafka used
 * 6.5% of a core against 2.1% on TCP; 2.2% with this replacement.
 *
 * The replacement schedules a look only when a request waits in the queue: a request that cannot
 * be sent at once is queued by `push`, which schedules, and every response already looks at the
 * queue (`fulfillRequest`). With a request waiting it keeps kafkajs's timing: when the throttle
 * ends, or after its 10 ms interval when not throttled.
 */

/** The parts of kafkajs's RequestQueue the replacement reads and writes (its own field names). */
interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs's CHECK_PENDING_REQUESTS_INTERVAL (src/network/requestQueue/index.js). */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

/** The release the replacement was written against: another one must be read again first. */
export const PATCHED_KAFKAJS_VERSION = '2.2.4';

function scheduleCheckPendingRequests(this: RequestQueueInternals): void {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS,
  );
}

/**
 * Replaces RequestQueue's scheduling on the kafkajs this process loads; idempotent. Throws on any
 * other kafkajs release, so that an upgrade is a decision (is the loop fixed? do the fields still
 * exist?) and not a silent change of a library's internals.
 */
export function stopIdleRequestQueueTimers(): void {
  const { version } = require('kafkajs/package.json') as { version: string };
  if (version !== PATCHED_KAFKAJS_VERSION) {
    throw new Error(
      `request-queue-idle-timer.ts replaces kafkajs ${PATCHED_KAFKAJS_VERSION} internals, but kafkajs ${version} is installed: check whether tulios/kafkajs#1704 is fixed there and update or remove the replacement`,
    );
  }
  const RequestQueue = require('kafkajs/src/network/requestQueue') as {
    prototype: RequestQueueInternals;
  };
  RequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
}
