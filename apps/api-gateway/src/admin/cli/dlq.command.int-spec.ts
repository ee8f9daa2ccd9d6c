import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import {
  createEnvelope,
  createTransport,
  Envelope,
  messagingOptionsFromEnv,
  Transport,
} from '@railyard/messaging';
import { freePort } from '../../../../../test/support/free-port';
import { gatewayOnTcp } from '../../../../../test/support/gateway-on-tcp';
import { adminToken, customerToken } from '../../../../../test/support/gateway-tokens';
import { DeadLettersModule } from '../dead-letters/dead-letters.module';
import { runDlq } from './dlq.command';

jest.setTimeout(30_000);

const SERVICE = 'payment';
const TYPE = 'dlq-cli-spec.thing-happened';

/** Runs the command in this process, capturing what it prints. */
async function dlq(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDlq(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * The CLI against a real gateway (its admin routes and guard) over a real TCP bus to a service
 * whose handler fails until "fixed".
 */
describe('npm run railyard -- dlq (real gateway, real TCP bus)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'railyard-dlq-cli-'));
  const handled: Envelope[] = [];
  let broken = true;
  let service: Transport;
  let gateway: INestApplication;
  let url: string;
  let admin: string[];
  const poison: Envelope[] = [];

  const deadLetter = async () => {
    const envelope = createEnvelope({ type: TYPE, payload: { n: poison.length } });
    poison.push(envelope);
    await service.publish(envelope);
  };

  beforeAll(async () => {
    const port = await freePort();
    const peers = [{ name: SERVICE, host: '127.0.0.1', port }];
    const options = messagingOptionsFromEnv(SERVICE, {
      TRANSPORT: 'tcp',
      DATA_DIR: join(dataDir, SERVICE),
      MESSAGING_RETRY_ATTEMPTS: '1',
    });
    service = createTransport({ ...options, tcp: { ...options.tcp, port, peers } });
    await service.listen({
      events: new Map([
        [
          TYPE,
          async (envelope: Envelope) => {
            if (broken) throw new Error('poison');
            handled.push(envelope);
          },
        ],
      ]),
      // Like every real service it serves a request, so it answers the dead-letter admin ones too.
      requests: new Map([[`${SERVICE}.ping`, async () => 'pong']]),
    });
    ({ gateway, url } = await gatewayOnTcp(join(dataDir, 'gateway'), peers, {}, [
      DeadLettersModule,
    ]));
    admin = ['--service', SERVICE, '--gateway', url, '--token', adminToken()];
    for (let i = 0; i < 3; i++) await deadLetter();
  });

  afterAll(async () => {
    await gateway?.close();
    await service?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the dead letters with their type, message id and reason', async () => {
    const { code, out } = await dlq('list', ...admin);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines).toHaveLength(3);
    poison.forEach((envelope, i) => {
      expect(lines[i]).toContain(envelope.messageId);
      expect(lines[i]).toContain(TYPE);
      expect(lines[i]).toContain('handler-failed after 1 attempt(s)');
    });
  });

  it('replays all in batches with a progress bar, keeping the message ids', async () => {
    broken = false;
    const { code, out } = await dlq('replay', '--all', '--batch', '2', ...admin);
    expect(code).toBe(0);
    expect(out.split('\n')).toEqual([
      expect.stringMatching(/^replay \[#+-+\] 2\/3$/),
      expect.stringMatching(/^replay \[#+\] 3\/3$/),
      `replayed 3 of 3; 0 dead letter(s) left in ${SERVICE}`,
    ]);
    expect(handled.map((envelope) => envelope.messageId)).toEqual(
      poison.map((envelope) => envelope.messageId),
    );
    expect((await dlq('list', ...admin)).out).toBe(`no dead letters in ${SERVICE}`);
  });

  it('shows and discards one by id', async () => {
    broken = true;
    await deadLetter();
    const [id] = (await dlq('list', ...admin)).out.split('  ');
    const shown = await dlq('show', '--id', id, ...admin);
    expect(JSON.parse(shown.out)).toMatchObject({ id, messageId: poison[3].messageId });
    expect((await dlq('discard', '--id', id, ...admin)).out).toBe(
      `discarded 1 of 1; 0 dead letter(s) left in ${SERVICE}`,
    );
    const gone = await dlq('show', '--id', id, ...admin);
    expect(gone).toMatchObject({
      code: 1,
      err: expect.stringMatching(/^dlq: 404: no dead letter/),
    });
  });

  it('replays one with a corrected payload, inline or from a file, keeping its message id', async () => {
    for (const [flag, value] of [
      ['--payload', '{"n":"fixed-inline"}'],
      ['--payload-file', join(dataDir, 'corrected.json')],
    ]) {
      writeFileSync(join(dataDir, 'corrected.json'), '{"n":"fixed-file"}');
      broken = true;
      await deadLetter();
      const [id] = (await dlq('list', ...admin)).out.split('  ');
      broken = false;
      const replayed = await dlq('replay', id, flag, value, ...admin);
      expect(replayed).toMatchObject({
        code: 0,
        out: `replayed ${id} with the corrected payload; 0 dead letter(s) left in ${SERVICE}`,
      });
      expect(handled.at(-1)).toMatchObject({
        messageId: poison.at(-1)?.messageId,
        type: TYPE,
        payload: { n: flag === '--payload' ? 'fixed-inline' : 'fixed-file' },
      });
      expect((await dlq('replay', id, flag, value, ...admin)).out).toBe(
        `${id} is already gone; 0 dead letter(s) left in ${SERVICE}`,
      );
    }
    const missingFile = await dlq('replay', 'x', '--payload-file', join(dataDir, 'none'), ...admin);
    expect(missingFile).toMatchObject({ code: 1, err: expect.stringMatching(/^dlq: cannot read/) });
  });

  it('refuses a customer token with a 403 and the hint to make an admin one', async () => {
    const asCustomer = ['--service', SERVICE, '--gateway', url, '--token', customerToken('c-1')];
    const { code, err } = await dlq('list', ...asCustomer);
    expect(code).toBe(1);
    expect(err).toBe(
      'dlq: 403 Forbidden: this needs an admin token; ' +
        'make one with: --token "$(npm run -s token -- --role admin)"',
    );
    expect((await dlq('list', '--service', SERVICE, '--gateway', url)).err).toMatch(
      /^dlq: 401 Unauthorized: no token given; make one with/,
    );
  });

  it('says so in one line for an unknown service, an unreachable gateway, bad usage', async () => {
    const unknown = await dlq(
      'list',
      '--service',
      'nope',
      '--gateway',
      url,
      '--token',
      adminToken(),
    );
    expect(unknown).toMatchObject({
      code: 1,
      err: expect.stringMatching(/^dlq: unknown service "nope": service must be one of/),
    });
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await dlq('list', '--service', SERVICE, '--gateway', nobody);
    expect(unreachable).toEqual({
      code: 1,
      out: '',
      err: `dlq: gateway ${nobody} unreachable: ECONNREFUSED`,
    });
    const usage = await dlq('replay', '--service', SERVICE);
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/^dlq: replay needs --id <id> \(one or more\) or --all, not both/);
  });
});
