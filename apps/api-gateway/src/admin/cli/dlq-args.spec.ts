import { parseDlqArgs } from './dlq-args';

describe('parseDlqArgs', () => {
  it('reads a command, its service, ids and options, with defaults', () => {
    expect(parseDlqArgs(['replay', '--service', 'order', '--id', 'a', '--id=b'])).toEqual({
      command: 'replay',
      service: 'order',
      gateway: 'http://127.0.0.1:3000',
      token: undefined,
      ids: ['a', 'b'],
      all: false,
      limit: 50,
      after: undefined,
      batch: 50,
    });
  });

  it('takes the token from RAILYARD_TOKEN unless --token is given', () => {
    const env = { RAILYARD_TOKEN: ' t-env ' };
    expect(parseDlqArgs(['list', '--service', 'order'], env)).toMatchObject({ token: 't-env' });
    expect(parseDlqArgs(['list', '--service', 'order', '--token', 't'], env)).toMatchObject({
      token: 't',
    });
  });

  it.each([
    [
      ['purge', '--service', 'order'],
      'unknown command "purge" (one of list, show, replay, discard)',
    ],
    [['list'], '--service <name> is required'],
    [['list', '--service'], '--service needs a value'],
    [['list', '--service', 'order', '--limit', '501'], '--limit must be 1..500'],
    [['list', '--service', 'order', '--batch', '0'], '--batch must be 1..500'],
    [['show', '--service', 'order'], 'show needs exactly one --id'],
    [['discard', '--service', 'order'], 'discard needs --id <id> (one or more) or --all, not both'],
    [
      ['discard', '--service', 'order', '--all', '--id', 'a'],
      'discard needs --id <id> (one or more) or --all, not both',
    ],
    [['list', '--service', 'order', '--gateway', 'nope'], '--gateway must be a URL, got "nope"'],
    [['list', '--service', 'order', '--force'], 'unknown argument --force'],
  ])('refuses %j', (argv, problem) => {
    expect(parseDlqArgs(argv)).toBe(problem);
  });

  it('asks for the usage with no command or --help', () => {
    expect(parseDlqArgs([])).toEqual({ help: true });
    expect(parseDlqArgs(['list', '--help'])).toEqual({ help: true });
  });
});
