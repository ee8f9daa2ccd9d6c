import { MetricsRegistry } from '@railyard/platform';
import { Envelope } from '../envelope/envelope';
import { TransportName } from '../config/messaging-options';
import { DeadLetterStore } from './dead-letter-store';

/** Handles one event; throws to ask for a retry. */
export type EventHandler = (envelope: Envelope) => Promise<void>;
/** Handles one request; its resolved value is the reply. */
export type RequestHandler = (envelope: Envelope) => Promise<unknown>;

export interface Routes {
  /** Event type → handler. The transport subscribes this service to exactly these types. */
  readonly events: ReadonlyMap<string, EventHandler>;
  /** Request pattern → handler, served under this service's name. */
  readonly requests: ReadonlyMap<string, RequestHandler>;
}

export interface TransportStatus {
  transport: TransportName;
  /** Connected to the broker (or, for TCP, the server is listening). */
  connected: boolean;
  /** Consumers are running (false before listen and after close). */
  consuming: boolean;
  details?: Record<string, unknown>;
}

/**
 * One bus connection of one service instance. Implementations own broker specifics only; decoding,
 * retries and dead-lettering live in the DeliveryPipeline they are given.
 */
export interface Transport {
  readonly name: TransportName;
  /** Connects for publishing and requesting. Idempotent. */
  connect(): Promise<void>;
  /** Starts consuming `routes`. Call once, after connect. */
  listen(routes: Routes): Promise<void>;
  /** Resolves once the broker (or every subscribed TCP peer) has accepted the event. */
  publish(envelope: Envelope): Promise<void>;
  /** Sends a request to `target`'s `envelope.type` handler; rejects with a typed MessagingError. */
  request(target: string, envelope: Envelope, timeoutMs: number): Promise<unknown>;
  /** Records deliveries, publishes and requests into the app's Prometheus metrics. Optional. */
  exportMetrics?(registry: MetricsRegistry): void;
  /** Stops taking messages and drains in-flight handlers (bounded); still publishes. Optional. */
  drain?(): Promise<void>;
  /** This service's dead letters, to list, replay or discard (issue 17). Absent where unsupported. */
  deadLetters?(): DeadLetterStore;
  /** Stops taking messages, drains in-flight handlers (bounded), flushes acks, disconnects. */
  close(): Promise<void>;
  status(): TransportStatus;
}
