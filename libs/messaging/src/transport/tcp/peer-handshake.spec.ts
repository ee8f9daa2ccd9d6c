import { clientProof, isNonce, newNonce, proofMatches, serverProof } from './peer-handshake';

const SECRET = 'a-bus-secret-that-is-long-enough-012345';

describe('TCP peer handshake proofs', () => {
  const cN = newNonce();
  const sN = newNonce();

  it('gives the same proof for the same secret, nonces and names', () => {
    expect(serverProof(SECRET, cN, sN, 'payment')).toBe(serverProof(SECRET, cN, sN, 'payment'));
    expect(
      proofMatches(
        clientProof(SECRET, sN, cN, 'order', 'i-1'),
        clientProof(SECRET, sN, cN, 'order', 'i-1'),
      ),
    ).toBe(true);
  });

  it('differs with another secret, nonce, name or role', () => {
    const proof = serverProof(SECRET, cN, sN, 'payment');
    expect(serverProof(`${SECRET}x`, cN, sN, 'payment')).not.toBe(proof);
    expect(serverProof(SECRET, newNonce(), sN, 'payment')).not.toBe(proof);
    expect(serverProof(SECRET, cN, sN, 'inventory')).not.toBe(proof);
    // A server's proof never passes for a client's with the nonces swapped.
    expect(clientProof(SECRET, cN, sN, 'payment', '')).not.toBe(proof);
  });

  it('matches nothing missing or of another length', () => {
    const proof = serverProof(SECRET, cN, sN, 'payment');
    expect(proofMatches(proof, undefined)).toBe(false);
    expect(proofMatches(proof, '')).toBe(false);
    expect(proofMatches(proof, `${proof}A`)).toBe(false);
  });

  it('accepts its own nonces and refuses odd ones', () => {
    expect(isNonce(newNonce())).toBe(true);
    expect(newNonce()).not.toBe(newNonce());
    for (const odd of [undefined, '', 'short', 'x'.repeat(65), 'has spaces in it ok?']) {
      expect(isNonce(odd)).toBe(false);
    }
  });
});
