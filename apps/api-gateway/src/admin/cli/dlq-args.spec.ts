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

  it('reads a bare id and a corrected payload for a replay of one', () => {
    expect(
      parseDlqArgs(['replay', 'a', '--service', 'order', '--payload', '{"n":1}']),
    ).toMatchObject({ command: 'replay', ids: ['a'], all: false, payload: { json: '{"n":1}' } });
    expect(
      parseDlqArgs(['replay', '--service', 'order', '--id', 'a', '--payload-file', 'p.json']),
    ).toMatchObject({ ids: ['a'], payload: { file: 'p.json' } });
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
    [
      ['replay', 'a', '--service', 'order', '--payload', '{n'],
      expect.stringMatching(/^--payload is not JSON/),
    ],
    [
      ['replay', 'a', '--service', 'order', '--payload', '1', '--payload-file', 'f'],
      'give --payload or --payload-file, not both',
    ],
    [
      ['replay', 'a', '--id', 'b', '--service', 'order', '--payload', '1'],
      '--payload and --payload-file replay exactly one id (dlq replay --service <name> <id>)',
    ],
    [
      ['discard', 'a', '--service', 'order', '--payload', '1'],
      '--payload and --payload-file replay exactly one id (dlq replay --service <name> <id>)',
    ],
    [['discard', '--service', 'order'], 'discard needs --id <id> (one or more) or --all, not both'],
    [
      ['discard', '--service', 'order', '--all', '--id', 'a'],
      'discard needs --id <id> (one or more) or --all, not both',
    ],
    [['list', '--service', 'order', '--gateway', 'nope'], '--gateway must be a URL, got "nope"'],
    [['list', '--service', 'order', '--force'], 'unknown argument --force'],
  ])('refuses %j', (argv, problem) => {
    expect(parseDlqArgs(argv)).toEqual(problem);
  });

  it('asks for the usage with no command or --help', () => {
    expect(parseDlqArgs([])).toEqual({ help: true });
    expect(parseDlqArgs(['list', '--help'])).toEqual({ help: true });
  });
});
