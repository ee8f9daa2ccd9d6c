import { StockCommitted } from '@railyard/contracts';
import { ReservationStatus } from '@railyard/contracts';
import { decideCommit } from './decide-commit';
import { closedRecord } from './reservation-record';

const lines = [{ sku: 'A', quantity: 2 }];
const record = (status: ReservationStatus) => ({
  orderId: 'o1',
  status,
  reason: null,
  failedSkus: [],
  lines,
});
const committed = (items: typeof lines) => ({
  action: 'answer',
  reply: { contract: StockCommitted, payload: { orderId: 'o1', items } },
});

describe('decideCommit', () => {
  it('commits the lines of a RESERVED order', () => {
    expect(decideCommit('o1', record('RESERVED'))).toEqual({ action: 'commit', lines });
  });

  it('answers a repeat with the committed lines, changing nothing', () => {
    expect(decideCommit('o1', record('COMMITTED'))).toEqual(committed(lines));
  });

  it.each(['FAILED', 'RELEASED'] as const)(
    'answers empty items for a %s order: nothing is held to commit',
    (status) => {
      expect(decideCommit('o1', record(status))).toEqual(committed([]));
    },
  );

  it('answers empty items for a closed order and for an unknown one', () => {
    expect(decideCommit('o1', closedRecord('o1'))).toEqual(committed([]));
    expect(decideCommit('o1', undefined)).toEqual(committed([]));
  });
});
