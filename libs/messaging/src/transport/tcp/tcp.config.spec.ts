import { join } from 'node:path';
import { SERVICES } from '@railyard/contracts';
import { Env, parseEnv } from '@railyard/platform';
import { tcpEnvSchema, tcpOptionsFrom } from './tcp.config';

const SECRET = 'a-bus-secret-of-thirty-two-chars!';

const tcpOptions = (service: string, env: Env) =>
  tcpOptionsFrom(service, parseEnv(tcpEnvSchema, env));

describe('TCP settings', () => {
  it('default to every service of SERVICES on localhost, this one listening on its own port', () => {
    const tcp = tcpOptions('inventory', {});
    expect(tcp.peers).toEqual(
      Object.entries(SERVICES).map(([name, { tcpPort }]) => ({
        name,
        host: '127.0.0.1',
        port: tcpPort,
      })),
    );
    expect(tcp).toMatchObject({
      port: SERVICES.inventory.tcpPort,
      bindHost: '127.0.0.1',
      deadLetterFile: join('.data', 'inventory', 'dead-letters.jsonl'),
      deadLetterRetention: { maxFileBytes: 16 * 1024 * 1024, files: 4, retentionMs: 604_800_000 },
    });
    expect(tcp.busSecret).toBeUndefined();
    expect(tcp.tls).toBeUndefined();
  });

  it('move a peer with <SERVICE>_HOST and <SERVICE>_TCP_PORT; a client-only process serves none', () => {
    const tcp = tcpOptions('admin-tool', {
      PAYMENT_HOST: 'payment.internal',
      PAYMENT_TCP_PORT: '5003',
    });
    expect(tcp.peers).toContainEqual({ name: 'payment', host: 'payment.internal', port: 5003 });
    expect(tcp.port).toBeUndefined();
  });

  it('refuses a peer port out of range, naming the variable', () => {
    expect(() => tcpOptions('order', { ORDER_TCP_PORT: '70000' })).toThrow('ORDER_TCP_PORT=70000');
  });

  it('refuses a BUS_SECRET shorter than 32 characters, without showing it', () => {
    expect(() => tcpOptions('order', { BUS_SECRET: 'short-secret' })).toThrow(
      /BUS_SECRET=.*must be at least 32 characters/,
    );
    expect(() => tcpOptions('order', { BUS_SECRET: 'short-secret' })).not.toThrow('short-secret');
  });

  it('requires BUS_SECRET in production, and takes it there', () => {
    expect(() => tcpOptions('payment', { NODE_ENV: 'production' })).toThrow(
      /BUS_SECRET: is required on the TCP transport when NODE_ENV=production/,
    );
    expect(tcpOptions('payment', { NODE_ENV: 'production', BUS_SECRET: SECRET }).busSecret).toBe(
      SECRET,
    );
  });

  it('refuses TLS files without a certificate and key', () => {
    expect(() => tcpOptions('order', { TCP_TLS_CA_FILE: '/etc/ca.pem' })).toThrow(
      'TCP_TLS_CERT_FILE and TCP_TLS_KEY_FILE',
    );
  });
});
