import { clientProof, isNonce, newNonce, proofMatches, serverProof } from './peer-handshake';
import { TCP_HEADER } from './tcp-frame';

/**
 * The client's side of one connection's greeting (peer-handshake.ts). With a BUS_SECRET the
 * server must prove it knows it too: a client never hands events or requests to a peer that
 * could be anyone listening on that port.
 */
export class ClientHandshake {
  private readonly nonce = newNonce();
  private serverProven = false;

  constructor(
    private readonly secret: string | undefined,
    private readonly peer: string,
    private readonly service: string,
    private readonly instance: string,
  ) {}

  helloHeaders(): Record<string, string> {
    return this.secret ? { [TCP_HEADER.nonce]: this.nonce } : {};
  }

  /** The Proof frame's headers, or why this peer must be refused. */
  onChallenge(
    headers: Record<string, string>,
  ): { proof: Record<string, string> } | { refused: string } {
    if (!this.secret) {
      return { refused: 'it requires BUS_SECRET; set the same BUS_SECRET on every service' };
    }
    const serverNonce = headers[TCP_HEADER.nonce];
    const expected = isNonce(serverNonce)
      ? serverProof(this.secret, this.nonce, serverNonce, this.peer)
      : undefined;
    if (!expected || !proofMatches(expected, headers[TCP_HEADER.proof])) {
      return { refused: 'it did not prove it knows BUS_SECRET (another secret, or not our peer)' };
    }
    this.serverProven = true;
    const proof = clientProof(this.secret, serverNonce!, this.nonce, this.service, this.instance);
    return { proof: { [TCP_HEADER.proof]: proof } };
  }

  /** Why the server's routes must not be taken yet, if they must not. */
  refusesReply(): string | undefined {
    if (!this.secret || this.serverProven) return undefined;
    return 'it does not authenticate (no BUS_SECRET there); set the same BUS_SECRET on every service';
  }
}
