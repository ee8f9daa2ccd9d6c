import { OneWayContract } from '@railyard/contracts';
import { z } from 'zod/v4';
import { on, SagaDefinition, StepOutcome } from '../definition/saga-definition';
import { MAX_TAGGED_ATTEMPT, Phase } from './reply-tag';
import { Decision, SagaMachine, SagaReply } from './saga-machine';
import { SagaSettings } from './saga-settings';
import { SagaState } from './saga-state';
import { SagaTransitionRefusedError } from './saga-transition-refused.error';

interface Ctx {
  orderId: string;
  transactionId?: string;
}

/** A reply contract of the test saga, its type the bare name: the machine matches types only. */
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
const done = z.object({});
const failure = z.object({ reason: z.string() });

const Reserved = event('reserved', done);
const ReserveFailed = event('reserve-failed', failure);
const Released = event('released', done);
const Notified = event('notified', done);
const Charged = event('charged', z.object({ transactionId: z.string().optional() }));
const ChargeFailed = event('charge-failed', failure);
const Refunded = event('refunded', done);
const NothingToRefund = event('nothing-to-refund', done);
const Shipped = event('shipped', done);
const ShipFailed = event('ship-failed', failure);

const ok = (): StepOutcome<Ctx> => ({ ok: true });
const fail = ({ reason }: { reason: string }): StepOutcome<Ctx> => ({ ok: false, reason });
const command = (type: string) => ({ type, payload: (c: Ctx) => c });

/** Four steps: 0 and 2 have compensations, 1 and 3 have none; 1 declares its own deadline. */
const definition: SagaDefinition<Ctx> = {
  type: 'test-saga',
  steps: [
    {
      name: 'reserve',
      action: command('reserve'),
      replies: [on(Reserved, ok), on(ReserveFailed, fail)],
      compensation: { ...command('release'), replies: [Released] },
    },
    { name: 'notify', action: command('notify'), replies: [on(Notified, ok)], deadlineMs: 500 },
    {
      name: 'charge',
      action: command('charge'),
      replies: [
        on(Charged, (payload, c) => ({
          ok: true,
          context: { ...c, transactionId: payload.transactionId },
        })),
        on(ChargeFailed, fail),
      ],
      compensation: { ...command('refund'), replies: [Refunded, NothingToRefund] },
    },
    {
      name: 'ship',
      action: command('ship'),
      replies: [on(Shipped, ok), on(ShipFailed, fail)],
    },
  ],
  onCompleted: async () => undefined,
  onCompensated: async () => undefined,
};

const settings: SagaSettings = {
  stepDeadlineMs: 1_000,
  compensation: {
    stuckAfterAttempts: 3,
    baseDelayMs: 100,
    maxDelayMs: 250,
    stuckMaxDelayMs: 1_000,
  },
};
const machine = new SagaMachine(definition, settings);

const T0 = Date.UTC(2025, 0, 1);
const at = (ms: number) => new Date(T0 + ms);
const iso = (ms: number) => at(ms).toISOString();
const context: Ctx = { orderId: 'o-1' };
const SUCCESS = ['reserved', 'notified', 'charged', 'shipped'];

function reply(
  type: string,
  step: number,
  phase: Phase = 'action',
  attempt = 1,
  payload: unknown = {},
): SagaReply {
  return { type, payload, tag: { step, phase, attempt } };
}

/** A saga whose steps below `step` succeeded, at T0. */
function runningAt(step: number): SagaState<Ctx> {
  let decision = machine.start('s-1', context, at(0));
  for (let s = 0; s < step; s++)
    decision = machine.onReply(decision.state, reply(SUCCESS[s], s), at(0));
  return decision.state;
}

/** Step 3 failed at T0: compensating step 2 (attempt 1), then step 0 once step 2 is undone. */
function compensating(step: 2 | 0): SagaState<Ctx> {
  const failed = machine.onReply(
    runningAt(3),
    reply('ship-failed', 3, 'action', 1, { reason: 'no courier' }),
    at(0),
  );
  if (step === 2) return failed.state;
  return machine.onReply(failed.state, reply('refunded', 2, 'compensation'), at(0)).state;
}

function expectIgnored(state: SagaState<Ctx>, input: (s: SagaState<Ctx>) => Decision<Ctx>) {
  const before = structuredClone(state);
  const decision = input(state);
  expect(decision.ignored).toEqual(expect.any(String));
  expect(decision.state).toBe(state);
  expect(state).toEqual(before);
  expect(decision.sends).toEqual([]);
  expect(decision.log).toEqual([]);
  expect(decision.hook).toBeUndefined();
}

describe('SagaMachine', () => {
  describe('start', () => {
    it('runs step 0: sends its action, attempt 1, deadline from the settings', () => {
      expect(machine.start('s-1', context, at(0))).toEqual({
        state: {
          id: 's-1',
          type: 'test-saga',
          status: 'RUNNING',
          step: 0,
          attempt: 1,
          context,
          deadline: iso(1_000),
          reason: null,
          version: 1,
        },
        sends: [{ step: 0, phase: 'action', attempt: 1 }],
        log: [
          { step: 0, event: 'STARTED' },
          { step: 0, event: 'ACTION_SENT' },
        ],
      });
    });
  });

  describe('onReply to an action', () => {
    it('moves on to the next step, whose own deadline applies', () => {
      const state = runningAt(0);
      expect(machine.onReply(state, reply('reserved', 0), at(200))).toEqual({
        state: { ...state, step: 1, attempt: 1, deadline: iso(700), version: 2 },
        sends: [{ step: 1, phase: 'action', attempt: 1 }],
        log: [
          { step: 0, event: 'STEP_SUCCEEDED', detail: 'reserved' },
          { step: 1, event: 'ACTION_SENT' },
        ],
      });
    });

    it('keeps the context a successful reply enriches', () => {
      const payload = { transactionId: 'tx-9' };
      const decision = machine.onReply(
        runningAt(2),
        reply('charged', 2, 'action', 1, payload),
        at(0),
      );
      expect(decision.state).toMatchObject({
        step: 3,
        context: { orderId: 'o-1', transactionId: 'tx-9' },
      });
    });

    it('completes on the last step’s success and asks for the completed hook', () => {
      const state = runningAt(3);
      expect(machine.onReply(state, reply('shipped', 3), at(50))).toEqual({
        state: { ...state, status: 'COMPLETED', deadline: null, version: state.version + 1 },
        sends: [],
        log: [
          { step: 3, event: 'STEP_SUCCEEDED', detail: 'shipped' },
          { step: 3, event: 'COMPLETED' },
        ],
        hook: { kind: 'completed' },
      });
    });

    it('on a failure compensates the earlier steps in reverse, skipping those without one', () => {
      const failure = reply('ship-failed', 3, 'action', 1, { reason: 'no courier' });
      const first = machine.onReply(runningAt(3), failure, at(10));
      expect(first.state).toMatchObject({
        status: 'COMPENSATING',
        step: 2,
        attempt: 1,
        reason: 'no courier',
        deadline: iso(110),
      });
      expect(first.sends).toEqual([{ step: 2, phase: 'compensation', attempt: 1 }]);
      expect(first.log).toEqual([
        { step: 3, event: 'STEP_FAILED', detail: 'no courier' },
        { step: 2, event: 'COMPENSATION_SENT', detail: 'attempt 1' },
      ]);

      const second = machine.onReply(first.state, reply('refunded', 2, 'compensation'), at(20));
      expect(second.state).toMatchObject({
        status: 'COMPENSATING',
        step: 0,
        attempt: 1,
        deadline: iso(120),
      });
      expect(second.sends).toEqual([{ step: 0, phase: 'compensation', attempt: 1 }]);
      expect(second.log).toEqual([
        { step: 2, event: 'STEP_COMPENSATED', detail: 'refunded' },
        { step: 0, event: 'COMPENSATION_SENT', detail: 'attempt 1' },
      ]);

      const last = machine.onReply(second.state, reply('released', 0, 'compensation'), at(30));
      expect(last).toEqual({
        state: {
          ...second.state,
          status: 'COMPENSATED',
          deadline: null,
          reason: 'no courier',
          version: second.state.version + 1,
        },
        sends: [],
        log: [
          { step: 0, event: 'STEP_COMPENSATED', detail: 'released' },
          { step: 0, event: 'COMPENSATED', detail: 'no courier' },
        ],
        hook: { kind: 'compensated', reason: 'no courier' },
      });
    });

    it('does not compensate the step that failed itself', () => {
      const failure = reply('charge-failed', 2, 'action', 1, { reason: 'insufficient funds' });
      const decision = machine.onReply(runningAt(2), failure, at(0));
      expect(decision.state).toMatchObject({
        status: 'COMPENSATING',
        step: 0,
        reason: 'insufficient funds',
      });
      expect(decision.sends).toEqual([{ step: 0, phase: 'compensation', attempt: 1 }]);
    });

    it('on a failure at step 0 is COMPENSATED at once, with nothing to send', () => {
      const state = runningAt(0);
      const failure = reply('reserve-failed', 0, 'action', 1, { reason: 'insufficient stock' });
      expect(machine.onReply(state, failure, at(5))).toEqual({
        state: {
          ...state,
          status: 'COMPENSATED',
          deadline: null,
          reason: 'insufficient stock',
          version: state.version + 1,
        },
        sends: [],
        log: [
          { step: 0, event: 'STEP_FAILED', detail: 'insufficient stock' },
          { step: 0, event: 'COMPENSATED', detail: 'insufficient stock' },
        ],
        hook: { kind: 'compensated', reason: 'insufficient stock' },
      });
    });

    it('fails the step with its contract’s complaint when a reply does not fit the contract', () => {
      const misfit = reply('reserve-failed', 0, 'action', 1, { reason: 42 });
      const decision = machine.onReply(runningAt(0), misfit, at(5));
      expect(decision.state).toMatchObject({ status: 'COMPENSATED' });
      expect(decision.state.reason).toMatch(/^invalid reserve-failed: .+/);
    });

    it('takes a compensation reply to an earlier send: the compensation happened', () => {
      const resent = machine.onDeadline(compensating(0), at(100)).state;
      expect(resent).toMatchObject({ step: 0, attempt: 2 });
      const decision = machine.onReply(resent, reply('released', 0, 'compensation', 1), at(150));
      expect(decision.state).toMatchObject({ status: 'COMPENSATED', reason: 'no courier' });
    });
  });

  describe('onDeadline', () => {
    it('while RUNNING compensates the current step too, with reason "timeout"', () => {
      const state = runningAt(2);
      expect(machine.onDeadline(state, at(1_000))).toEqual({
        state: {
          ...state,
          status: 'COMPENSATING',
          step: 2,
          attempt: 1,
          reason: 'timeout',
          deadline: iso(1_100),
          version: state.version + 1,
        },
        sends: [{ step: 2, phase: 'compensation', attempt: 1 }],
        log: [
          { step: 2, event: 'DEADLINE_PASSED', detail: 'attempt 1' },
          { step: 2, event: 'COMPENSATION_SENT', detail: 'attempt 1' },
        ],
      });
    });

    it('while RUNNING a step without compensation compensates the steps below', () => {
      const decision = machine.onDeadline(runningAt(1), at(500));
      expect(decision.state).toMatchObject({ status: 'COMPENSATING', step: 0, reason: 'timeout' });
      expect(decision.sends).toEqual([{ step: 0, phase: 'compensation', attempt: 1 }]);
    });

    it('fires at the deadline, not a millisecond before', () => {
      const state = runningAt(0);
      expectIgnored(state, (s) => machine.onDeadline(s, at(999)));
      expect(machine.onDeadline(state, at(1_000)).state.status).toBe('COMPENSATING');
    });

    it('while COMPENSATING resends with attempt + 1, doubling the wait up to its cap', () => {
      const first = compensating(0);
      const second = machine.onDeadline(first, at(100));
      expect(second).toEqual({
        state: { ...first, attempt: 2, deadline: iso(300), version: first.version + 1 },
        sends: [{ step: 0, phase: 'compensation', attempt: 2 }],
        log: [
          { step: 0, event: 'DEADLINE_PASSED', detail: 'attempt 1' },
          { step: 0, event: 'COMPENSATION_SENT', detail: 'attempt 2' },
        ],
      });
      const third = machine.onDeadline(second.state, at(300));
      // 100 · 2² = 400, capped at 250.
      expect(third.state).toMatchObject({ attempt: 3, deadline: iso(550), reason: 'no courier' });
      expect(third.sends).toEqual([{ step: 0, phase: 'compensation', attempt: 3 }]);
    });

    it('past stuckAfterAttempts sends resends still: STUCK logged once, the wait doubles from maxDelayMs to stuckMaxDelayMs', () => {
      let state = compensating(0);
      for (const due of [100, 300]) state = machine.onDeadline(state, at(due)).state;
      expect(state).toMatchObject({ attempt: 3, deadline: iso(550) });
      const fourth = machine.onDeadline(state, at(550));
      expect(fourth).toEqual({
        // 250 · 2 = 500: the wait grows again once stuck.
        state: { ...state, attempt: 4, deadline: iso(1_050), version: state.version + 1 },
        sends: [{ step: 0, phase: 'compensation', attempt: 4 }],
        log: [
          { step: 0, event: 'DEADLINE_PASSED', detail: 'attempt 3' },
          { step: 0, event: 'STUCK', detail: 'unanswered after 3 sends' },
          { step: 0, event: 'COMPENSATION_SENT', detail: 'attempt 4' },
        ],
      });
      const fifth = machine.onDeadline(fourth.state, at(1_050));
      expect(fifth.state).toMatchObject({
        status: 'COMPENSATING',
        attempt: 5,
        deadline: iso(2_050),
      });
      const sixth = machine.onDeadline(fifth.state, at(2_050));
      // Capped at stuckMaxDelayMs from here on; STUCK is not logged again.
      expect(sixth.state).toMatchObject({ attempt: 6, deadline: iso(3_050) });
      expect(sixth.log.map((entry) => entry.event)).toEqual([
        'DEADLINE_PASSED',
        'COMPENSATION_SENT',
      ]);
      let later = sixth.state;
      for (let i = 0; i < 50; i++)
        later = machine.onDeadline(later, new Date(later.deadline!)).state;
      expect(later).toMatchObject({ status: 'COMPENSATING', attempt: 56 });
      expect(Date.parse(later.deadline!) - Date.parse(sixth.state.deadline!)).toBe(50 * 1_000);
    });

    it('past the last attempt a reply tag can carry, resends that attempt again', () => {
      const last = { ...compensating(0), attempt: MAX_TAGGED_ATTEMPT, deadline: iso(0) };
      const decision = machine.onDeadline(last, at(0));
      expect(decision.sends).toEqual([
        { step: 0, phase: 'compensation', attempt: MAX_TAGGED_ATTEMPT },
      ]);
      const answer = reply('released', 0, 'compensation', MAX_TAGGED_ATTEMPT);
      expect(machine.onReply(decision.state, answer, at(10)).state.status).toBe('COMPENSATED');
    });

    it('a late reply to a stuck saga completes it', () => {
      let state = compensating(0);
      for (const due of [100, 300, 550, 1_050]) state = machine.onDeadline(state, at(due)).state;
      expect(state.attempt).toBe(5);
      const decision = machine.onReply(state, reply('released', 0, 'compensation', 2), at(1_500));
      expect(decision.state).toMatchObject({ status: 'COMPENSATED', reason: 'no courier' });
      expect(decision.hook).toEqual({ kind: 'compensated', reason: 'no courier' });
    });
  });

  describe('a FAILED saga (left by a version that gave up)', () => {
    const gaveUp = (): SagaState<Ctx> => {
      let state = compensating(0);
      for (const due of [100, 300]) state = machine.onDeadline(state, at(due)).state;
      return { ...state, status: 'FAILED', deadline: null, version: state.version + 1 };
    };

    it('is resumed by the deadline scheduler: RESUMED logged, its compensation resent', () => {
      const failed = gaveUp();
      expect(machine.onDeadline(failed, at(60_000))).toEqual({
        state: {
          ...failed,
          status: 'COMPENSATING',
          attempt: 4,
          deadline: iso(60_500),
          version: failed.version + 1,
        },
        sends: [{ step: 0, phase: 'compensation', attempt: 4 }],
        log: [
          { step: 0, event: 'RESUMED', detail: 'after 3 sends' },
          { step: 0, event: 'STUCK', detail: 'unanswered after 3 sends' },
          { step: 0, event: 'COMPENSATION_SENT', detail: 'attempt 4' },
        ],
      });
    });

    it('is completed by a late reply to one of its compensation sends', () => {
      const decision = machine.onReply(
        gaveUp(),
        reply('released', 0, 'compensation', 3),
        at(60_000),
      );
      expect(decision.state).toMatchObject({ status: 'COMPENSATED', deadline: null });
      expect(decision.hook).toEqual({ kind: 'compensated', reason: 'no courier' });
    });
  });

  describe('retry (an operator)', () => {
    const ops = { by: 'ops', reason: 'payment was down' };

    it('while RUNNING resends the action under the next attempt, with a fresh deadline', () => {
      const state = runningAt(1);
      expect(machine.retry(state, ops, at(2_000))).toEqual({
        state: { ...state, attempt: 2, deadline: iso(2_500), version: state.version + 1 },
        sends: [{ step: 1, phase: 'action', attempt: 2 }],
        log: [
          { step: 1, event: 'RETRIED', detail: 'by ops: payment was down' },
          { step: 1, event: 'ACTION_SENT', detail: 'attempt 2' },
        ],
      });
    });

    it('takes only the newest attempt’s reply once the action is resent', () => {
      const retried = machine.retry(runningAt(0), { by: 'ops' }, at(10)).state;
      expectIgnored(retried, (s) => machine.onReply(s, reply('reserve-failed', 0), at(20)));
      const decision = machine.onReply(retried, reply('reserved', 0, 'action', 2), at(20));
      expect(decision.state).toMatchObject({ status: 'RUNNING', step: 1, attempt: 1 });
    });

    it('while COMPENSATING resends the compensation under the next attempt', () => {
      const state = compensating(2);
      expect(machine.retry(state, { by: 'ops' }, at(50))).toEqual({
        state: { ...state, attempt: 2, deadline: iso(250), version: state.version + 1 },
        sends: [{ step: 2, phase: 'compensation', attempt: 2 }],
        log: [
          { step: 2, event: 'RETRIED', detail: 'by ops' },
          { step: 2, event: 'COMPENSATION_SENT', detail: 'attempt 2' },
        ],
      });
    });

    it('takes up a FAILED saga (left by an older version) as COMPENSATING', () => {
      const failed = { ...compensating(0), status: 'FAILED' as const, deadline: null };
      const decision = machine.retry(failed, { by: 'ops' }, at(0));
      expect(decision.state).toMatchObject({ status: 'COMPENSATING', step: 0, attempt: 2 });
      expect(decision.sends).toEqual([{ step: 0, phase: 'compensation', attempt: 2 }]);
    });

    it.each([
      ['COMPLETED', () => machine.onReply(runningAt(3), reply('shipped', 3), at(0)).state],
      [
        'COMPENSATED',
        () => machine.onReply(compensating(0), reply('released', 0, 'compensation'), at(0)).state,
      ],
    ])('is refused once %s', (status, ended) => {
      const state = ended();
      expect(() => machine.retry(state, ops, at(0))).toThrow(
        new SagaTransitionRefusedError(`saga s-1 is ${status}: it awaits nothing to retry`),
      );
    });
  });

  describe('abort (an operator)', () => {
    it('compensates a RUNNING saga from its current step, the reason saying who aborted', () => {
      const state = runningAt(2);
      expect(machine.abort(state, { by: 'ops', reason: 'customer called' }, at(10))).toEqual({
        state: {
          ...state,
          status: 'COMPENSATING',
          step: 2,
          attempt: 1,
          reason: 'aborted by operator: customer called',
          deadline: iso(110),
          version: state.version + 1,
        },
        sends: [{ step: 2, phase: 'compensation', attempt: 1 }],
        log: [
          { step: 2, event: 'ABORTED', detail: 'by ops: customer called' },
          { step: 2, event: 'COMPENSATION_SENT', detail: 'attempt 1' },
        ],
      });
    });

    it('ends COMPENSATED at once when nothing ran that needs undoing', () => {
      const single: SagaDefinition<Ctx> = { ...definition, steps: [definition.steps[1]] };
      const decision = new SagaMachine(single, settings).abort(
        new SagaMachine(single, settings).start('s-2', context, at(0)).state,
        { by: 'ops' },
        at(5),
      );
      expect(decision.state).toMatchObject({
        status: 'COMPENSATED',
        reason: 'aborted by operator',
        deadline: null,
      });
      expect(decision.sends).toEqual([]);
      expect(decision.hook).toEqual({ kind: 'compensated', reason: 'aborted by operator' });
    });

    it.each([
      ['COMPENSATING', () => compensating(2), 'its compensation is what makes it safe'],
      [
        'COMPLETED',
        () => machine.onReply(runningAt(3), reply('shipped', 3), at(0)).state,
        'it has ended',
      ],
    ])('is refused while %s', (status, stateOf, why) => {
      const state = stateOf();
      expect(() => machine.abort(state, { by: 'ops' }, at(0))).toThrow(
        expect.objectContaining({
          code: 'SAGA_STATE_CONFLICT',
          message: expect.stringContaining(`is ${status} and cannot be aborted: ${why}`),
        }),
      );
    });
  });

  describe('ignores, changing nothing', () => {
    it('a compensation reply tagged with an attempt never sent', () => {
      expectIgnored(compensating(0), (state) =>
        machine.onReply(state, reply('released', 0, 'compensation', 99), at(10)),
      );
    });

    const completed = machine.onReply(runningAt(3), reply('shipped', 3), at(0)).state;
    const compensated = machine.onReply(
      compensating(0),
      reply('released', 0, 'compensation'),
      at(0),
    ).state;
    const timedOut = machine.onDeadline(runningAt(2), at(1_000)).state;

    it.each<[string, SagaState<Ctx>, SagaReply]>([
      ['a duplicate reply of a step that succeeded', runningAt(1), reply('reserved', 0)],
      ['a duplicate failure after a success', runningAt(1), reply('reserve-failed', 0)],
      ['a reply for a later step, out of order', runningAt(0), reply('charged', 2)],
      ['a late action reply once its step is compensated', timedOut, reply('charged', 2)],
      [
        'a compensation reply while the step runs',
        runningAt(0),
        reply('released', 0, 'compensation'),
      ],
      [
        'a reply tagged for compensation while the step runs, of a type the action expects',
        runningAt(0),
        reply('reserved', 0, 'compensation'),
      ],
      [
        'a reply tagged for the action while compensating, of a type the compensation expects',
        compensating(0),
        reply('released', 0, 'action'),
      ],
      ['an action reply to another attempt', runningAt(0), reply('reserved', 0, 'action', 2)],
      ['a reply type the step does not know', runningAt(0), reply('charged', 0)],
      [
        'a compensation reply of a foreign type',
        compensating(0),
        reply('refunded', 0, 'compensation'),
      ],
      ['an action reply while compensating', compensating(0), reply('reserved', 0)],
      [
        'a reply for a step already compensated',
        compensating(0),
        reply('refunded', 2, 'compensation'),
      ],
      ['a reply after COMPLETED', completed, reply('shipped', 3)],
      ['a reply after COMPENSATED', compensated, reply('released', 0, 'compensation')],
    ])('%s', (_, state, input) => {
      expectIgnored(state, (s) => machine.onReply(s, input, at(10)));
    });

    it.each([
      ['COMPLETED', completed],
      ['COMPENSATED', compensated],
    ])('a deadline after %s', (_, state) => {
      expectIgnored(state, (s) => machine.onDeadline(s, at(60_000)));
    });
  });
});
