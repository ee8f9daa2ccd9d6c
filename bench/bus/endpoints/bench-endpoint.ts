import { EventPayload } from '../event-payload';

/**
 * One way of moving bench events from a publisher to a consumer in the same process: the Railyard
 * bus, or a raw client doing the same work with the same guarantees. `publish` resolves when the
 * event is as safe as the bus promises (broker confirm / subscriber ack).
 */
export interface BenchEndpoint {
  /** Connects, declares what it needs and starts handing events to `onEvent`. */
  start(onEvent: (payload: EventPayload) => void): Promise<void>;
  publish(payload: EventPayload): Promise<void>;
  /** Stops consuming and disconnects (topology is removed by the runner, see bus-cleanup). */
  close(): Promise<void>;
}
