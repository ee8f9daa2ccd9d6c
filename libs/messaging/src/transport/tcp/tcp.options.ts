import type { TlsMaterial } from '../../config/tls-material';

export interface TcpPeer {
  /** Logical service name, e.g. `inventory`. */
  name: string;
  host: string;
  port: number;
}

export interface DeadLetterRetention {
  /** The live file is rotated before a line would take it past this size. */
  maxFileBytes: number;
  /** Rotated files kept; the oldest is deleted (and its letters counted as dropped) past this. */
  files: number;
  /** Rotated files older than this are deleted (and their letters counted as dropped). */
  retentionMs: number;
}

/** What the TCP transport needs beyond the bus-wide settings (built by tcpOptionsFrom). */
export interface TcpOptions {
  /** Where this process listens; undefined = it serves no TCP (e.g. a pure client). */
  port?: number;
  bindHost: string;
  peers: TcpPeer[];
  /** JSON-lines file of dead letters (TCP has no broker to hold them). */
  deadLetterFile: string;
  /** Rotation of that file: the live file plus at most `files` rotated ones, none older than `retentionMs`. */
  deadLetterRetention: DeadLetterRetention;
  /** A partial frame whose rest does not arrive within this closes its connection (default 10 s). */
  frameStallMs?: number;
  /**
   * Shared by every service: peers prove they know it (HMAC challenge) before a frame of theirs
   * is read, and a client checks the server the same way. Unset: anyone reaching the port is
   * taken, as on a developer's machine (warned at start; refused with NODE_ENV=production).
   */
  busSecret?: string;
  /**
   * Mutual TLS between peers (TCP_TLS_*_FILE): this process's certificate and key, as server
   * and as client, and the CA its peers' certificates must chain to. Plain TCP when absent.
   */
  tls?: TlsMaterial;
}
