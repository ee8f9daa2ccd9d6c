import { RecordedDecision } from './decide-charge';
import { decideRefund } from './decide-refund';

const completed: RecordedDecision = { status: 'COMPLETED', reason: null, transactionId: 'tx-1' };
const charge = { customerId: 'c-1', amount: 1234 };

describe('decideRefund', () => {
  it('voids an order that was never decided, giving back nothing', () => {
    expect(decideRefund({ decision: null, charge: null, refund: null })).toEqual({ kind: 'void' });
  });

  it('gives back exactly what was charged, to the charged account', () => {
    expect(decideRefund({ decision: completed, charge, refund: null })).toEqual({
      kind: 'refund',
      customerId: 'c-1',
      amount: 1234,
    });
  });

  it('gives back nothing a second time: it answers the recorded refund', () => {
    const refund = { transactionId: 'tx-2', amount: 1234 };
    expect(decideRefund({ decision: completed, charge, refund })).toEqual({
      kind: 'replay-refunded',
      transactionId: 'tx-2',
      amount: 1234,
    });
  });

  it('gives back nothing for a refused or already voided order', () => {
    const failed: RecordedDecision = {
      status: 'FAILED',
      reason: 'unknown account',
      transactionId: null,
    };
    const voided: RecordedDecision = {
      status: 'VOIDED',
      reason: 'order refunded',
      transactionId: null,
    };
    for (const decision of [failed, voided]) {
      expect(decideRefund({ decision, charge: null, refund: null })).toEqual({
        kind: 'nothing-charged',
      });
    }
  });

  it('treats a completed decision without its charge as a bug', () => {
    expect(() => decideRefund({ decision: completed, charge: null, refund: null })).toThrow(
      /no CHARGE/,
    );
  });
});
