import { StockReleased } from '@railyard/contracts';
import { ReservationStatus } from '@railyard/contracts';
import { decideRelease } from './decide-release';
import { closedRecord } from './reservation-record';

const lines = [{ sku: 'A', quantity: 2 }];
const record = (status: ReservationStatus) => ({
  orderId: 'o1',
  status,
  reason: null,
  failedSkus: [],
  lines,
});
const released = (items: typeof lines) => ({
  action: 'answer',
  reply: { contract: StockReleased, payload: { orderId: 'o1', items } },
});

describe('decideRelease', () => {
  it('closes an order that has no record yet (release before reserve)', () => {
    expect(decideRelease('o1', undefined)).toEqual({ action: 'close' });
  });

  it('gives back the lines of a RESERVED order', () => {
    expect(decideRelease('o1', record('RESERVED'))).toEqual({ action: 'release', lines });
  });

  it('answers a repeat with what the first release gave back, changing nothing', () => {
    expect(decideRelease('o1', record('RELEASED'))).toEqual(released(lines));
  });

  it('answers a repeat on a closed order with empty items', () => {
    expect(decideRelease('o1', closedRecord('o1'))).toEqual(released([]));
  });

  it('answers empty items for a FAILED order: nothing was held', () => {
    expect(decideRelease('o1', record('FAILED'))).toEqual(released([]));
  });

  it('answers empty items for a COMMITTED order: the goods are gone', () => {
    expect(decideRelease('o1', record('COMMITTED'))).toEqual(released([]));
  });
});
