import { clientProof, isNonce, newNonce, proofMatches, serverProof } from './peer-handshake';
import { TCP_HEADER } from './tcp-frame';

export type HandshakeStep =
  | { kind: 'challenge'; headers: Record<string, string> }
  | { kind: 'accepted' }
  | { kind: 'refused'; reason: string };

/**
 * The server's side of one connection's greeting when BUS_SECRET is set (peer-handshake.ts):
 * Hello gets a Challenge, a Proof gets accepted or refused. Nothing else is taken before.
 */
export class ServerHandshake {
  private hello?: { clientNonce: string; serverNonce: string; client: string; instance: string };

  constructor(
    private readonly secret: string,
    private readonly service: string,
  ) {}

  onHello(headers: Record<string, string>): HandshakeStep {
    const clientNonce = headers[TCP_HEADER.nonce];
    if (!isNonce(clientNonce)) {
      return {
        kind: 'refused',
        reason: 'this service requires BUS_SECRET; the hello had no nonce',
      };
    }
    const serverNonce = newNonce();
    this.hello = {
      clientNonce,
      serverNonce,
      client: headers[TCP_HEADER.service] ?? 'unknown',
      instance: headers[TCP_HEADER.instance] ?? '',
    };
    const proof = serverProof(this.secret, clientNonce, serverNonce, this.service);
    return {
      kind: 'challenge',
      headers: { [TCP_HEADER.nonce]: serverNonce, [TCP_HEADER.proof]: proof },
    };
  }

  onProof(headers: Record<string, string>): HandshakeStep {
    const hello = this.hello;
    if (!hello) return { kind: 'refused', reason: 'a proof before any hello' };
    const { serverNonce, clientNonce, client, instance } = hello;
    const expected = clientProof(this.secret, serverNonce, clientNonce, client, instance);
    if (proofMatches(expected, headers[TCP_HEADER.proof])) return { kind: 'accepted' };
    return { kind: 'refused', reason: 'wrong proof: the peer does not know BUS_SECRET' };
  }
}
