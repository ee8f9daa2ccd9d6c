import { parseTokenArgs } from './token-args';

describe('parseTokenArgs', () => {
  it('reads a customer token request', () => {
    expect(parseTokenArgs(['--sub', 'c-1'])).toEqual({
      subject: 'c-1',
      role: 'customer',
      expiresInSeconds: 3_600,
    });
    expect(parseTokenArgs(['--sub=c-1', '--ttl', '12h'])).toMatchObject({
      expiresInSeconds: 43_200,
    });
  });

  it('reads an admin token request, with "admin" as the default subject', () => {
    expect(parseTokenArgs(['--role', 'admin'])).toEqual({
      subject: 'admin',
      role: 'admin',
      expiresInSeconds: 3_600,
    });
    expect(parseTokenArgs(['--role', 'admin', '--sub', 'ops-1'])).toMatchObject({
      subject: 'ops-1',
    });
  });

  it.each([
    [[], 'give --sub'],
    [['--role', 'root'], '--role must be one of admin, customer'],
    [['--sub'], '--sub needs a value'],
    [['--sub', 'c-1', '--ttl', '0'], '--ttl must be'],
    [['--sub', 'c-1', '--ttl', '31d'], '--ttl must be'],
    [['--sub', 'c-1', '--ttl', '1w'], '--ttl must be'],
    [['--user', 'c-1'], 'unknown argument --user'],
  ])('refuses %j', (argv, problem) => {
    expect(parseTokenArgs(argv)).toEqual(expect.stringContaining(problem));
  });

  it('answers --help', () => {
    expect(parseTokenArgs(['--sub', 'c-1', '--help'])).toEqual({ help: true });
  });
});
