import { BusOptions, MessagingOptions, TransportName } from '@railyard/messaging';

/**
 * What the conformance suite may say differs between transports, and nothing else. Each flag is a
 * documented limit (README's transport table), and the suite asserts the limited behaviour.
 */
export interface TransportFeatures {
  /** Instances of one service share its events. TCP: no — a second instance cannot bind the port. */
  competingConsumers: boolean;
  /** Events published while a subscriber is down reach it when it is back. TCP: no. */
  holdsMessagesWhileSubscriberDown: boolean;
}

/** The bus settings every broker harness runs the suite with: a short retry budget, fast backoff. */
export const CONFORMANCE_ENV: Readonly<Record<string, string>> = {
  MESSAGING_RETRY_ATTEMPTS: '3',
  MESSAGING_RETRY_BASE_MS: '20',
  MESSAGING_RETRY_MAX_MS: '200',
  MESSAGING_REQUEST_TIMEOUT_MS: '5000',
  MESSAGING_PUBLISH_TIMEOUT_MS: '10000',
  MESSAGING_SHUTDOWN_TIMEOUT_MS: '5000',
};

export interface StoredDeadLetter {
  headers: Record<string, string>;
  body: Buffer;
}

/** Per-transport test access to the real broker: what the bus API deliberately does not offer. */
export interface TransportHarness {
  readonly name: TransportName;
  readonly features: TransportFeatures;
  /**
   * Options for service `service`, isolated for this run, with fast retry settings; `overrides`
   * are bus-wide settings (each harness owns its transport's block).
   */
  options(service: string, overrides?: Partial<BusOptions>): MessagingOptions;
  /** Like options(), but pointing at a broker (or peer) address where nothing listens. */
  unreachableOptions(service: string): MessagingOptions;
  /** Every dead letter stored for `service` so far. */
  readDeadLetters(service: string, types?: string[]): Promise<StoredDeadLetter[]>;
  /** Raw bytes straight into what `service` consumes for event `type`, bypassing publish(). */
  injectRaw(
    service: string,
    type: string,
    body: Buffer,
    headers: Record<string, string>,
  ): Promise<void>;
  /** The broker goes away and comes back; resolves once it accepts clients again. */
  restartBroker(): Promise<void>;
  dispose(): Promise<void>;
}
