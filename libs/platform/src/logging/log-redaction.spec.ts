import pino from 'pino';
import { Writable } from 'node:stream';
import { LOG_REDACTION } from './log-redaction';

/** One line per log call, captured. */
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ redact: LOG_REDACTION }, stream), lines };
}

describe('LOG_REDACTION', () => {
  it('keeps credentials out of request logs and error objects', () => {
    const { logger, lines } = capture();
    logger.warn(
      {
        req: {
          headers: {
            authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.payload.signature',
            cookie: 'session=s3ss10n',
            'proxy-authorization': 'Basic dXNlcjpwYXNz',
            'x-api-key': 'k3y',
            accept: 'application/json',
          },
        },
        res: { headers: { 'set-cookie': ['session=n3w'] } },
        config: { password: 'p4ss', token: 't0k3n', secret: 's3cr3t' },
      },
      'request completed',
    );
    const [line] = lines;
    for (const secret of [
      'eyJhbGciOiJIUzI1NiJ9',
      's3ss10n',
      'dXNlcjpwYXNz',
      'k3y',
      'n3w',
      'p4ss',
      't0k3n',
      's3cr3t',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('application/json');
    expect(line).toContain('[redacted]');
  });
});
