import { stopIdleRequestQueueTimers } from './request-queue-idle-timer';

interface Queue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests: jest.Mock;
  scheduleCheckPendingRequests(): void;
}

/** A RequestQueue of the installed kafkajs, with only the fields its scheduling reads. */
function queue(pending: unknown[], throttledUntil = -1): Queue {
  const { prototype } = require('kafkajs/src/network/requestQueue') as { prototype: object };
  return Object.assign(Object.create(prototype) as Queue, {
    pending,
    throttledUntil,
    throttleCheckTimeoutId: null,
    checkPendingRequests: jest.fn(),
  });
}

describe('kafkajs RequestQueue scheduling (tulios/kafkajs#1704)', () => {
  beforeAll(() => stopIdleRequestQueueTimers());
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('arms no timer when no request waits (the 1 ms loop of an idle connection)', () => {
    const idle = queue([]);
    idle.scheduleCheckPendingRequests();
    expect(idle.throttleCheckTimeoutId).toBeNull();
    expect(jest.getTimerCount()).toBe(0);
  });

  it("looks again after kafkajs's 10 ms when a request waits and nothing is throttled", () => {
    const busy = queue([{}]);
    busy.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(9);
    expect(busy.checkPendingRequests).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(busy.checkPendingRequests).toHaveBeenCalledTimes(1);
    expect(busy.throttleCheckTimeoutId).toBeNull();
  });

  it('looks again when the throttle ends, and arms one timer at a time', () => {
    const throttled = queue([{}], Date.now() + 250);
    throttled.scheduleCheckPendingRequests();
    throttled.scheduleCheckPendingRequests();
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(249);
    expect(throttled.checkPendingRequests).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(throttled.checkPendingRequests).toHaveBeenCalledTimes(1);
  });
});
