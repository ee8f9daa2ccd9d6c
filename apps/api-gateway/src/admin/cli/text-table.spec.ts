import { textTable } from './text-table';

describe('textTable', () => {
  it('pads each column to its widest cell, the header included, without trailing spaces', () => {
    expect(
      textTable(
        ['ID', 'STATUS', 'REASON'],
        [
          ['o-1', 'RUNNING', ''],
          ['order-22', 'COMPENSATING', 'timeout'],
        ],
      ),
    ).toBe(
      [
        'ID        STATUS        REASON',
        'o-1       RUNNING',
        'order-22  COMPENSATING  timeout',
      ].join('\n'),
    );
  });

  it('is the header alone without rows', () => {
    expect(textTable(['ID', 'STATUS'], [])).toBe('ID  STATUS');
  });
});
