import { OneWayContract } from '@railyard/contracts';
import { z } from 'zod/v4';
import { on, replyContractsOf, SagaDefinition, SagaStep, StepOutcome } from './saga-definition';

const event = <P extends z.ZodType>(type: string, payload: P): OneWayContract<P> => ({
  kind: 'event',
  type,
  service: 'test',
  version: 1,
  summary: type,
  payload,
  result: undefined,
  upcasters: {},
});
const Paid = event('test.paid', z.object({ amount: z.number().int() }));
const Refused = event('test.refused', z.object({ reason: z.string() }));
const Refunded = event('test.refunded', z.object({}));
const Shipped = event('test.shipped', z.object({}));

interface Ctx {
  amount?: number;
}
const ok = (): StepOutcome<Ctx> => ({ ok: true });
const command = (type: string) => ({ type, payload: () => ({}) });

const saga = (type: string, steps: SagaStep<Ctx>[]): SagaDefinition<Ctx> => ({
  type,
  steps,
  onCompleted: async () => undefined,
  onCompensated: async () => undefined,
});

describe('on', () => {
  const paid = on(Paid, (p, c: Ctx) => ({ ok: true, context: { ...c, amount: p.amount } }));

  it('keeps its contract and hands the meaning the payload its contract parsed', () => {
    expect(paid.contract).toBe(Paid);
    expect(paid.meaning({ amount: 7, extra: 'dropped' }, {})).toEqual({
      ok: true,
      context: { amount: 7 },
    });
  });

  it('fails the step with the contract’s complaint when the payload does not fit', () => {
    const outcome = paid.meaning({ amount: 'seven' }, {});
    expect(outcome).toEqual({ ok: false, reason: expect.stringMatching(/^invalid test\.paid: /) });
  });
});

describe('replyContractsOf', () => {
  it('lists every action and compensation reply contract of the sagas once, by type, sorted', () => {
    const pay: SagaStep<Ctx> = {
      name: 'pay',
      action: command('test.pay'),
      replies: [on(Paid, ok), on(Refused, () => ({ ok: false, reason: 'refused' }))],
      compensation: { ...command('test.refund'), replies: [Refunded] },
    };
    const ship: SagaStep<Ctx> = {
      name: 'ship',
      action: command('test.ship'),
      replies: [on(Shipped, ok)],
    };
    const contracts = replyContractsOf([saga('a', [ship, pay]), saga('b', [pay])]);
    expect([...contracts.keys()]).toEqual([
      'test.paid',
      'test.refunded',
      'test.refused',
      'test.shipped',
    ]);
    expect(contracts.get('test.refunded')).toBe(Refunded);
  });

  it('refuses two different contracts of one type', () => {
    const otherPaid = event('test.paid', z.object({}));
    const step = (contract: OneWayContract): SagaStep<Ctx> => ({
      name: 'pay',
      action: command('test.pay'),
      replies: [on(contract, ok)],
    });
    expect(() => replyContractsOf([saga('a', [step(Paid)]), saga('b', [step(otherPaid)])])).toThrow(
      'two different contracts of type test.paid answer the sagas',
    );
  });

  it('is empty without sagas', () => {
    expect(replyContractsOf([]).size).toBe(0);
  });
});
