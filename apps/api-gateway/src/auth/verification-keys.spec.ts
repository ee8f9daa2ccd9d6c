import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { sign, verify } from 'jsonwebtoken';
import { hmacKey, parsedPublicKeys } from './verification-keys';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

function pem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString();
}

/** The provider's answer, as passport-jwt would receive it. */
function keyFrom(provider: ReturnType<typeof parsedPublicKeys>) {
  return new Promise<{ error: unknown; key: unknown }>((resolve) =>
    provider({}, 'token', (error, key) => resolve({ error, key })),
  );
}

describe('verification keys', () => {
  it('an HMAC KeyObject verifies what the string secret signed, and nothing else', () => {
    const key = hmacKey(SECRET);
    const token = sign({ role: 'customer' }, SECRET, { algorithm: 'HS256', subject: 'c-1' });
    expect(verify(token, key, { algorithms: ['HS256'] })).toMatchObject({ sub: 'c-1' });
    const forged = sign({ role: 'admin' }, `${SECRET}-other`, { algorithm: 'HS256' });
    expect(() => verify(forged, key, { algorithms: ['HS256'] })).toThrow('invalid signature');
  });

  it('parses each distinct PEM once and hands out the same KeyObject', async () => {
    const publicPem = pem();
    const provider = jest.fn(
      (_req: unknown, _raw: unknown, done: (e: unknown, k?: string) => void) =>
        done(null, publicPem),
    );
    const wrapped = parsedPublicKeys(provider);
    const first = await keyFrom(wrapped);
    const second = await keyFrom(wrapped);
    expect(first.key).toBeInstanceOf(KeyObject);
    expect((first.key as KeyObject).type).toBe('public');
    expect(second.key).toBe(first.key);
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it("passes the provider's error on, and refuses a key that is not a PEM", async () => {
    const failing = parsedPublicKeys((_r, _t, done) => done(new Error('jwks unreachable')));
    expect((await keyFrom(failing)).error).toEqual(new Error('jwks unreachable'));
    const garbage = parsedPublicKeys((_r, _t, done) => done(null, 'not a key'));
    const answer = await keyFrom(garbage);
    expect(answer.error).toHaveProperty('code', expect.stringMatching(/^ERR_/)); // crypto's, from another realm
    expect(answer.key).toBeUndefined();
  });

  it('keeps at most 16 parsed keys: the oldest is parsed again after 16 others', async () => {
    const pems = Array.from({ length: 17 }, pem);
    let next = 0;
    const wrapped = parsedPublicKeys((_r, _t, done) => done(null, pems[next]));
    const firstKey = (await keyFrom(wrapped)).key;
    for (next = 1; next < 17; next++) await keyFrom(wrapped);
    next = 0;
    const again = (await keyFrom(wrapped)).key;
    expect(again).not.toBe(firstKey);
    expect((again as KeyObject).equals(firstKey as KeyObject)).toBe(true);
  });
});
