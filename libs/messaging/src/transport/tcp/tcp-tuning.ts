import { TcpOptions } from './tcp.options';

/** Bounds of the TCP transport that TcpOptions does not carry (yet). */
export interface TcpTuning {
  /** A partial frame whose rest has not arrived within this closes the connection (slowloris). */
  frameStallMs: number;
  /** Connecting plus the hello exchange must finish within this, or the attempt counts as failed. */
  connectTimeoutMs: number;
  /** listen() waits this long for connected publishers to learn the new subscriptions. */
  routesAckTimeoutMs: number;
  /** After a peer refused an event as temporarily unable, wait this long before sending again. */
  refusedRetryMs: number;
  /** Reconnect backoff of a publisher's link to a peer (equal jitter, doubling, capped). */
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  /** Events and requests one connection may have in handling before the server stops reading it. */
  maxInFlightPerConnection: number;
  /** Their bytes: past this, the server stops reading that connection too. */
  maxInFlightBytesPerConnection: number;
  /** The bytes of every connection's messages in handling together: past it, no connection is read. */
  maxInFlightBytesPerProcess: number;
  /** At close, sockets get this long to flush acks and replies before they are destroyed. */
  closeGraceMs: number;
}

export const DEFAULT_TCP_TUNING: Readonly<TcpTuning> = {
  frameStallMs: 10_000,
  connectTimeoutMs: 5_000,
  routesAckTimeoutMs: 2_000,
  refusedRetryMs: 250,
  reconnectBaseMs: 50,
  reconnectMaxMs: 1_000,
  maxInFlightPerConnection: 1_024,
  maxInFlightBytesPerConnection: 16 * 1024 * 1024,
  maxInFlightBytesPerProcess: 64 * 1024 * 1024,
  closeGraceMs: 1_000,
};

/**
 * Defaults, overridden by same-named fields of the TCP options when present. Only `frameStallMs`
 * is meant to be set that way (an optional TcpOptions field; tests shorten it); the others are
 * reached with a cast, by tests only.
 */
export function tcpTuning(tcp: TcpOptions): TcpTuning {
  const given = tcp as TcpOptions & Partial<TcpTuning>;
  const tuning = { ...DEFAULT_TCP_TUNING };
  for (const key of Object.keys(tuning) as (keyof TcpTuning)[]) {
    const value = given[key];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) tuning[key] = value;
  }
  return tuning;
}
