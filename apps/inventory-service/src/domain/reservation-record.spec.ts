import { closedRecord, recordOfPlan } from './reservation-record';

describe('reservation records', () => {
  const lines = [{ sku: 'A', quantity: 1 }];

  it('a successful plan records RESERVED with its lines', () => {
    expect(recordOfPlan('o1', { ok: true, lines })).toEqual({
      orderId: 'o1',
      status: 'RESERVED',
      reason: null,
      failedSkus: [],
      lines,
    });
  });

  it('a failed plan records FAILED with its reason, skus and the request', () => {
    expect(
      recordOfPlan('o1', { ok: false, lines, reason: 'insufficient stock', skus: ['A'] }),
    ).toEqual({
      orderId: 'o1',
      status: 'FAILED',
      reason: 'insufficient stock',
      failedSkus: ['A'],
      lines,
    });
  });

  it('a release before any reservation records a closed order that holds nothing', () => {
    expect(closedRecord('o1')).toEqual({
      orderId: 'o1',
      status: 'RELEASED',
      reason: 'order released',
      failedSkus: [],
      lines: [],
    });
  });
});
