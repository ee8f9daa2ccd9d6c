import { parseAge, parseSagaArgs } from './saga-args';

describe('parseSagaArgs', () => {
  it('reads a list with its filters, the service defaulting to the one saga host', () => {
    expect(
      parseSagaArgs([
        'list',
        '--status',
        'running,COMPENSATING',
        '--older-than=5m',
        '--limit',
        '2',
      ]),
    ).toEqual({
      command: 'list',
      service: 'order',
      gateway: 'http://127.0.0.1:3000',
      token: undefined,
      id: undefined,
      statuses: ['RUNNING', 'COMPENSATING'],
      olderThanSeconds: 300,
      limit: 2,
      after: undefined,
      reason: undefined,
      json: false,
    });
  });

  it('reads the saga id of show, retry and abort, and the reason of the last two', () => {
    expect(parseSagaArgs(['show', 'o-1', '--json'])).toMatchObject({
      command: 'show',
      id: 'o-1',
      json: true,
    });
    expect(
      parseSagaArgs(['abort', '--reason', 'customer called', 'o-1', '--service', 'order']),
    ).toMatchObject({ command: 'abort', id: 'o-1', reason: 'customer called', service: 'order' });
  });

  it('takes the token from RAILYARD_TOKEN unless --token is given', () => {
    const env = { RAILYARD_TOKEN: ' t-env ' };
    expect(parseSagaArgs(['list'], env)).toMatchObject({ token: 't-env' });
    expect(parseSagaArgs(['list', '--token', 't'], env)).toMatchObject({ token: 't' });
  });

  it.each([
    [['undo', 'o-1'], 'unknown command "undo" (one of list, show, retry, abort)'],
    [['retry'], "retry needs the saga's id: saga retry <id>"],
    [['show', 'o-1', 'o-2'], 'unknown argument o-2'],
    [['list', 'o-1'], 'unknown argument o-1'],
    [['show', 'o-1', '--reason', 'x'], 'unknown argument --reason'],
    [
      ['list', '--status', 'RUNNING,STUCK'],
      '--status: unknown status "STUCK" (any of RUNNING, COMPENSATING, COMPLETED, COMPENSATED, FAILED)',
    ],
    [
      ['list', '--older-than', '5 minutes'],
      '--older-than must be a duration such as 90, 30s, 5m, 2h or 1d, at most 365d',
    ],
    [['list', '--limit', '501'], '--limit must be 1..500'],
    [['list', '--gateway', 'nope'], '--gateway must be a URL, got "nope"'],
    [['abort', 'o-1', '--reason'], '--reason needs a value'],
  ])('refuses %j', (argv, problem) => {
    expect(parseSagaArgs(argv)).toBe(problem);
  });

  it('asks for the usage with no command or --help', () => {
    expect(parseSagaArgs([])).toEqual({ help: true });
    expect(parseSagaArgs(['retry', 'o-1', '--help'])).toEqual({ help: true });
  });
});

describe('parseAge', () => {
  it.each([
    ['90', 90],
    ['30s', 30],
    ['5m', 300],
    ['2h', 7_200],
    ['1d', 86_400],
    ['365d', 365 * 86_400],
  ])('reads %s as %i seconds', (text, seconds) => {
    expect(parseAge(text)).toBe(seconds);
  });

  it.each(['', '-5s', '1.5h', '3w', '366d'])('reads %p as no age', (text) => {
    expect(parseAge(text)).toBeNull();
  });
});
