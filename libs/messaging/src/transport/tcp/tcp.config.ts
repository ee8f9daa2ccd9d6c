import { join } from 'node:path';
import { z } from 'zod';
import { commonEnvSchema, ConfigValidationError, envInt } from '@railyard/platform';
import { readTlsMaterial, TlsMaterial } from '../../config/tls-material';
import { tcpPeerVariables, tcpPeersFrom } from './tcp-peer-variables';
import { TcpOptions } from './tcp.options';

const MIB = 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What the TCP transport reads: peers' addresses, the bind host, the secret, TLS, dead letters. */
export const tcpEnvSchema = commonEnvSchema
  .pick({ BIND_HOST: true, DATA_DIR: true })
  .extend(tcpPeerVariables)
  .extend({
    TCP_DEAD_LETTER_MAX_FILE_BYTES: envInt(64 * 1024, 4_096 * MIB).default(16 * MIB),
    TCP_DEAD_LETTER_FILES: envInt(1, 1_000).default(4),
    TCP_DEAD_LETTER_RETENTION_MS: envInt(60_000, 365 * DAY_MS).default(7 * DAY_MS),
    // HMAC key of the TCP peers' handshake; 32+ characters, like any HMAC key worth having.
    BUS_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    TCP_TLS_CA_FILE: z.string().min(1).optional(),
    TCP_TLS_CERT_FILE: z.string().min(1).optional(),
    TCP_TLS_KEY_FILE: z.string().min(1).optional(),
    // Read for one rule only: production refuses a TCP bus without BUS_SECRET.
    NODE_ENV: z.string().optional(),
  });

export type TcpConfig = z.output<typeof tcpEnvSchema>;

/**
 * The TCP block of `service`'s bus options: it listens on its own entry of the peers (none for a
 * process that is not in SERVICES, e.g. a client-only tool); TLS files are read now, at start.
 */
export function tcpOptionsFrom(service: string, config: TcpConfig): TcpOptions {
  if (config.NODE_ENV === 'production' && !config.BUS_SECRET) {
    throw new ConfigValidationError([
      'BUS_SECRET: is required on the TCP transport when NODE_ENV=production ' +
        '(without it, any process that reaches a service port can send it messages)',
    ]);
  }
  const peers = tcpPeersFrom(config);
  const tls = tcpTlsFrom(config);
  return {
    port: peers.find((peer) => peer.name === service)?.port,
    bindHost: config.BIND_HOST,
    peers,
    ...(config.BUS_SECRET ? { busSecret: config.BUS_SECRET } : {}),
    ...(tls ? { tls } : {}),
    deadLetterFile: join(config.DATA_DIR, service, 'dead-letters.jsonl'),
    deadLetterRetention: {
      maxFileBytes: config.TCP_DEAD_LETTER_MAX_FILE_BYTES,
      files: config.TCP_DEAD_LETTER_FILES,
      retentionMs: config.TCP_DEAD_LETTER_RETENTION_MS,
    },
  };
}

/** Mutual TLS between TCP peers: on when a certificate and key are given. */
function tcpTlsFrom(config: TcpConfig): TlsMaterial | undefined {
  const files = {
    ca: config.TCP_TLS_CA_FILE,
    cert: config.TCP_TLS_CERT_FILE,
    key: config.TCP_TLS_KEY_FILE,
  };
  if (Object.values(files).every((file) => file === undefined)) return undefined;
  if (files.cert === undefined) {
    throw new ConfigValidationError([
      'TCP_TLS_CERT_FILE and TCP_TLS_KEY_FILE: required for TLS between peers (each one serves)',
    ]);
  }
  return readTlsMaterial('TCP', files);
}
