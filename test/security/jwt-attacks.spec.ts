import { Controller, Get, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { sign } from 'jsonwebtoken';
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { AuthOptions } from '../../apps/api-gateway/src/auth/auth.config';
import { AuthModule } from '../../apps/api-gateway/src/auth/auth.module';
import { CurrentPrincipal } from '../../apps/api-gateway/src/auth/current-principal.decorator';
import { Principal } from '../../apps/api-gateway/src/auth/principal';
import { signToken } from '../../apps/api-gateway/src/auth/sign-token';
import { configureHttp } from '../../apps/api-gateway/src/http/configure-http';
import { send, WITHOUT_TOKEN } from '../support/gateway-http';

jest.setTimeout(30_000);

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1_000);

@Controller('whoami')
class WhoAmIController {
  @Get()
  who(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}

/** The gateway's authentication in front of one route that shows who the caller is. */
async function gatewayWith(options: AuthOptions): Promise<{ app: INestApplication; url: string }> {
  const moduleRef = await Test.createTestingModule({
    imports: [AuthModule.forRoot(options)],
    controllers: [WhoAmIController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  configureHttp(app);
  await app.listen(0, '127.0.0.1');
  return { app, url: `${await app.getUrl()}/whoami` };
}

const withToken = (token: string) => ({ authorization: `Bearer ${token}` });

describe('token attacks on HS256 (AUTH_JWT_SECRET)', () => {
  let gateway: { app: INestApplication; url: string };
  const customer = signToken({ subject: 'alice', role: 'customer', expiresInSeconds: 600 }, SECRET);

  beforeAll(async () => {
    gateway = await gatewayWith({ required: true, secret: SECRET });
  });
  afterAll(() => gateway?.app.close());

  it('takes a valid customer and a valid admin token for who they say', async () => {
    expect(await send('GET', gateway.url, { headers: withToken(customer) })).toMatchObject({
      status: 200,
      body: { subject: 'alice', role: 'customer' },
    });
    const admin = signToken({ subject: 'ops', role: 'admin', expiresInSeconds: 600 }, SECRET);
    expect((await send('GET', gateway.url, { headers: withToken(admin) })).body).toEqual({
      subject: 'ops',
      role: 'admin',
    });
  });

  const [header, payload, signature] = customer.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as object;
  it.each<[string, () => Record<string, string>, string]>([
    ['no token', () => ({ ...WITHOUT_TOKEN }), 'none sent'],
    ['another scheme', () => ({ authorization: `Basic ${btoa('alice:pw')}` }), 'none sent'],
    ['garbage', () => withToken('not.a.jwt'), 'invalid token'],
    [
      'alg none with an admin role',
      () =>
        withToken(
          `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, role: 'admin' })}.`,
        ),
      '',
    ],
    [
      'a customer token whose payload was changed to admin (signature kept)',
      () => withToken(`${header}.${base64url({ ...claims, role: 'admin' })}.${signature}`),
      'invalid signature',
    ],
    [
      'a token signed with another secret',
      () =>
        withToken(
          signToken({ subject: 'alice', role: 'admin', expiresInSeconds: 600 }, `${SECRET}x`),
        ),
      'invalid signature',
    ],
    [
      'an expired token',
      () => withToken(sign({ sub: 'alice', exp: now() - 60 }, SECRET, { algorithm: 'HS256' })),
      'jwt expired',
    ],
    [
      'a token not valid yet',
      () => withToken(sign({ sub: 'alice', nbf: now() + 600 }, SECRET, { algorithm: 'HS256' })),
      'jwt not active',
    ],
    [
      'an HS512 token (algorithm not allowed)',
      () => withToken(sign({ sub: 'alice' }, SECRET, { algorithm: 'HS512', expiresIn: 600 })),
      'invalid algorithm',
    ],
    [
      'a token without a subject',
      () => withToken(sign({ role: 'admin' }, SECRET, { algorithm: 'HS256', expiresIn: 600 })),
      'no subject',
    ],
    [
      'an unknown role',
      () =>
        withToken(
          signToken({ subject: 'alice', role: 'root' as never, expiresInSeconds: 600 }, SECRET),
        ),
      'role must be one of admin, customer',
    ],
  ])('refuses %s with 401 and says why', async (_, headers, reason) => {
    const answer = await send('GET', gateway.url, { headers: headers() });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    expect(answer.body).toMatchObject({
      statusCode: 401,
      details: { code: 'UNAUTHENTICATED' },
      message: expect.stringContaining(reason),
    });
  });
});

describe('issuer and audience, when configured', () => {
  let gateway: { app: INestApplication; url: string };
  beforeAll(async () => {
    gateway = await gatewayWith({
      required: true,
      secret: SECRET,
      issuer: 'idp',
      audience: 'shop',
    });
  });
  afterAll(() => gateway?.app.close());

  it('takes a token for this audience from this issuer, and refuses any other', async () => {
    const token = (issuer: string, audience: string) =>
      withToken(
        signToken(
          { subject: 'alice', role: 'customer', expiresInSeconds: 600, issuer, audience },
          SECRET,
        ),
      );
    expect((await send('GET', gateway.url, { headers: token('idp', 'shop') })).status).toBe(200);
    expect((await send('GET', gateway.url, { headers: token('evil', 'shop') })).status).toBe(401);
    expect((await send('GET', gateway.url, { headers: token('idp', 'admin-api') })).status).toBe(
      401,
    );
  });
});

/** An identity provider's key set on loopback, counting how often it is fetched. */
class JwksServer {
  fetches = 0;
  private server?: Server;
  constructor(private readonly keys: { kid: string; key: KeyObject }[]) {}

  async start(): Promise<string> {
    this.server = createServer((_, response) => {
      this.fetches += 1;
      const keys = this.keys.map(({ kid, key }) => ({
        ...key.export({ format: 'jwk' }),
        kid,
        alg: 'RS256',
        use: 'sig',
      }));
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/jwks.json`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('token attacks on RS256 (AUTH_JWKS_URL)', () => {
  const idp = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwks = new JwksServer([{ kid: 'idp-1', key: idp.publicKey }]);
  let gateway: { app: INestApplication; url: string };
  const rs256 = (key: KeyObject, kid: string, claims: object = { sub: 'alice' }) =>
    withToken(sign(claims, key, { algorithm: 'RS256', keyid: kid, expiresIn: 600 }));

  beforeAll(async () => {
    gateway = await gatewayWith({ required: true, jwksUrl: await jwks.start() });
  });
  afterAll(async () => {
    await gateway?.app.close();
    await jwks.stop();
  });

  it("takes a token signed by the provider's published key", async () => {
    expect(
      await send('GET', gateway.url, {
        headers: rs256(idp.privateKey, 'idp-1', { sub: 'ops', role: 'admin' }),
      }),
    ).toMatchObject({
      status: 200,
      body: { subject: 'ops', role: 'admin' },
    });
  });

  it.each<[string, () => Record<string, string>]>([
    ["another key under the provider's key id", () => rs256(attacker.privateKey, 'idp-1')],
    ['an unknown key id', () => rs256(attacker.privateKey, 'attacker-1')],
    [
      'HS256 signed with the public key as its secret (algorithm confusion)',
      () =>
        withToken(
          sign(
            { sub: 'alice', role: 'admin' },
            idp.publicKey.export({ format: 'pem', type: 'spki' }),
            {
              algorithm: 'HS256',
              keyid: 'idp-1',
              expiresIn: 600,
            },
          ),
        ),
    ],
    [
      'an HS256 token from the development secret',
      () =>
        withToken(signToken({ subject: 'alice', role: 'admin', expiresInSeconds: 600 }, SECRET)),
    ],
  ])('refuses %s with 401', async (_, headers) => {
    expect((await send('GET', gateway.url, { headers: headers() })).status).toBe(401);
  });

  it('does not let forged key ids flood the provider with fetches', async () => {
    const before = jwks.fetches;
    for (let i = 0; i < 30; i++) {
      await send('GET', gateway.url, { headers: rs256(attacker.privateKey, `forged-${i}`) });
    }
    expect(jwks.fetches - before).toBeLessThanOrEqual(10);
  });
});

describe('AUTH_REQUIRED=false', () => {
  it('treats every caller, token or not, as an admin', async () => {
    const gateway = await gatewayWith({ required: false, secret: SECRET });
    try {
      expect((await send('GET', gateway.url, { headers: { ...WITHOUT_TOKEN } })).body).toEqual({
        subject: 'anonymous',
        role: 'admin',
      });
    } finally {
      await gateway.app.close();
    }
  });
});
