import { StockReservationFailed, StockReserved } from '@railyard/contracts';
import { ReservationStatus } from '@railyard/contracts';
import { decideReserve } from './decide-reserve';
import { closedRecord, ReservationRecord } from './reservation-record';

const lines = [{ sku: 'A', quantity: 2 }];
const record = (status: ReservationStatus, extra: Partial<ReservationRecord> = {}) => ({
  orderId: 'o1',
  status,
  reason: null,
  failedSkus: [],
  lines,
  ...extra,
});

describe('decideReserve', () => {
  it('plans a reservation for an order with no record', () => {
    expect(decideReserve(undefined)).toEqual({ action: 'reserve' });
  });

  it('answers a repeat of a successful reservation with StockReserved again', () => {
    expect(decideReserve(record('RESERVED'))).toEqual({
      action: 'answer',
      reply: { contract: StockReserved, payload: { orderId: 'o1', items: lines } },
    });
  });

  it('answers a repeat after the order was committed with StockReserved (the decision stands)', () => {
    expect(decideReserve(record('COMMITTED'))).toMatchObject({
      action: 'answer',
      reply: { contract: StockReserved, payload: { items: lines } },
    });
  });

  it('answers a repeat of a failure with the recorded reason and skus', () => {
    const failed = record('FAILED', { reason: 'unknown sku', failedSkus: ['X'] });
    expect(decideReserve(failed)).toEqual({
      action: 'answer',
      reply: {
        contract: StockReservationFailed,
        payload: { orderId: 'o1', reason: 'unknown sku', skus: ['X'] },
      },
    });
  });

  it('refuses with "order released" when the release came first', () => {
    expect(decideReserve(closedRecord('o1'))).toEqual({
      action: 'answer',
      reply: {
        contract: StockReservationFailed,
        payload: { orderId: 'o1', reason: 'order released', skus: [] },
      },
    });
  });

  it('refuses with "order released" after a reservation that was released', () => {
    expect(decideReserve(record('RELEASED'))).toMatchObject({
      reply: { payload: { reason: 'order released' } },
    });
  });
});
