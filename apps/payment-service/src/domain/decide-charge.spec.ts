import { decideCharge, RecordedDecision } from './decide-charge';

const completed: RecordedDecision = { status: 'COMPLETED', reason: null, transactionId: 'tx-1' };

describe('decideCharge', () => {
  it('charges when the balance covers the amount, leaving the rest', () => {
    expect(decideCharge({ decision: null, balance: 1000, amount: 400 })).toEqual({
      kind: 'charge',
      balanceAfter: 600,
    });
  });

  it('charges the whole balance, down to exactly zero', () => {
    expect(decideCharge({ decision: null, balance: 1000, amount: 1000 })).toEqual({
      kind: 'charge',
      balanceAfter: 0,
    });
  });

  it('charges an amount of zero', () => {
    expect(decideCharge({ decision: null, balance: 0, amount: 0 })).toEqual({
      kind: 'charge',
      balanceAfter: 0,
    });
  });

  it('refuses with "insufficient funds" when the amount exceeds the balance by one cent', () => {
    expect(decideCharge({ decision: null, balance: 999, amount: 1000 })).toEqual({
      kind: 'refuse',
      reason: 'insufficient funds',
    });
  });

  it('refuses with "unknown account" when the customer has no account', () => {
    expect(decideCharge({ decision: null, balance: null, amount: 0 })).toEqual({
      kind: 'refuse',
      reason: 'unknown account',
    });
  });

  it('answers a charged order with its recorded transaction, whatever the balance now', () => {
    for (const balance of [null, 0, 1_000_000]) {
      expect(decideCharge({ decision: completed, balance, amount: 5 })).toEqual({
        kind: 'replay-completed',
        transactionId: 'tx-1',
      });
    }
  });

  it('answers a refused order with its recorded failure, even once money arrived', () => {
    const failed: RecordedDecision = {
      status: 'FAILED',
      reason: 'insufficient funds',
      transactionId: null,
    };
    expect(decideCharge({ decision: failed, balance: 1_000_000, amount: 5 })).toEqual({
      kind: 'replay-failed',
      reason: 'insufficient funds',
    });
  });

  it('refuses a voided order (refunded before it was charged) with "order refunded"', () => {
    const voided: RecordedDecision = {
      status: 'VOIDED',
      reason: 'order refunded',
      transactionId: null,
    };
    expect(decideCharge({ decision: voided, balance: 1_000_000, amount: 5 })).toEqual({
      kind: 'replay-failed',
      reason: 'order refunded',
    });
  });

  it('treats an inconsistent recorded decision as a bug, not as a decision', () => {
    expect(() =>
      decideCharge({
        decision: { status: 'COMPLETED', reason: null, transactionId: null },
        balance: 10,
        amount: 1,
      }),
    ).toThrow(/no transaction/);
    expect(() =>
      decideCharge({
        decision: { status: 'FAILED', reason: null, transactionId: null },
        balance: 10,
        amount: 1,
      }),
    ).toThrow(/no reason/);
  });
});
