import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { defineEvent } from '@railyard/contracts';
import { createEnvelope, stampCreationContext } from '@railyard/messaging';
import { installInMemoryTracing, InMemoryTracing, railyardTracer } from '@railyard/platform';
import { z } from 'zod/v4';
import { on, SagaDefinition } from '../definition/saga-definition';
import { Decision, SagaMachine } from '../machine/saga-machine';
import { DEFAULT_SAGA_SETTINGS } from '../machine/saga-settings';
import { SagaState } from '../machine/saga-state';
import { traceSagaTransition } from './saga-transition-span';

type Ctx = Record<string, never>;

const event = <P extends z.ZodType>(type: string, payload: P) =>
  defineEvent({ type, service: 't', summary: type, payload });
const Reserved = event('t.reserved', z.object({}));
const ChargeFailed = event('t.charge-failed', z.object({ reason: z.string() }));
const command = (type: string) => ({ type, payload: () => ({}) });

const definition: SagaDefinition<Ctx> = {
  type: 'span-saga',
  steps: [
    {
      name: 'reserve',
      action: command('t.reserve'),
      replies: [on(Reserved, () => ({ ok: true }))],
      compensation: { ...command('t.release'), replies: [event('t.released', z.object({}))] },
    },
    {
      name: 'charge',
      action: command('t.charge'),
      replies: [on(ChargeFailed, ({ reason }) => ({ ok: false, reason }))],
    },
  ],
  onCompleted: async () => undefined,
  onCompensated: async () => undefined,
};
const machine = new SagaMachine(definition, DEFAULT_SAGA_SETTINGS);
const NOW = new Date('2025-01-01T00:00:00Z');
const started = () => machine.start('s-1', {}, NOW);
/** The saga at its second step, as stored after `t.reserved`. */
const charging = (): SagaState<Ctx> =>
  machine.onReply(started().state, reply(Reserved.type, 0), NOW).state;
const reply = (type: string, step: number, payload: unknown = {}) => ({
  type,
  payload,
  tag: { step, phase: 'action' as const, attempt: 1 },
});
const applied = async (decision: Decision<Ctx>) => decision.state.status;

describe('traceSagaTransition without tracing', () => {
  it('decides and applies, and nothing else: no span is made active', async () => {
    expect(railyardTracer()).toBeUndefined();
    let active: unknown = 'not run';
    const status = await traceSagaTransition(
      definition,
      { id: 's-1', trigger: 'start' },
      started,
      (d) => {
        active = trace.getActiveSpan();
        // Staged without tracing, a command carries no trace context.
        expect(
          stampCreationContext(createEnvelope({ type: 't.reserve', payload: {} })).headers,
        ).toEqual({});
        return applied(d);
      },
    );
    expect(status).toBe('RUNNING');
    expect(active).toBeUndefined();
  });

  it('rejects as the transition does', async () => {
    const failure = new Error('the local write failed');
    await expect(
      traceSagaTransition(definition, { id: 's-1', trigger: 'start' }, started, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
  });
});

describe('traceSagaTransition with tracing', () => {
  let tracing: InMemoryTracing;
  beforeAll(() => {
    tracing = installInMemoryTracing('saga-transition-span-spec');
  });
  afterAll(() => tracing.uninstall());
  beforeEach(() => tracing.reset());

  /** Runs `work` inside a span of the spec's own, as a bus handler runs inside its process span. */
  const inSpan = <T>(name: string, work: () => Promise<T>) =>
    trace.getTracer('spec').startActiveSpan(name, async (span) => {
      try {
        return await work();
      } finally {
        span.end();
      }
    });
  const named = (name: string) => tracing.spans().find((span) => span.name === name)!;
  const idOf = (name: string) => named(name).spanContext().spanId;

  it('is an INTERNAL child of the active span, active while the commands are staged', async () => {
    await inSpan('process order.create', () =>
      traceSagaTransition(definition, { id: 's-1', trigger: 'start' }, started, async (d) => {
        stampCreationContext(createEnvelope({ type: 't.reserve', payload: {} }));
        return applied(d);
      }),
    );
    const span = named('saga span-saga start');
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(span.parentSpanContext?.spanId).toBe(idOf('process order.create'));
    expect(named('create t.reserve').parentSpanContext?.spanId).toBe(idOf('saga span-saga start'));
    expect(span.attributes).toEqual({
      'railyard.saga.type': 'span-saga',
      'railyard.saga.id': 's-1',
      'railyard.saga.trigger': 'start',
      'railyard.saga.to_state': 'RUNNING',
      'railyard.saga.step': 'reserve',
      'railyard.saga.attempt': 1,
      'railyard.saga.compensating': false,
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('marks a transition that compensates, with the reason and the step it undoes', async () => {
    const failed = reply(ChargeFailed.type, 1, { reason: 'insufficient funds' });
    await traceSagaTransition(
      definition,
      { id: 's-1', trigger: ChargeFailed.type, from: 'RUNNING' },
      () => machine.onReply(charging(), failed, NOW),
      applied,
    );
    expect(named('saga span-saga t.charge-failed').attributes).toMatchObject({
      'railyard.saga.from_state': 'RUNNING',
      'railyard.saga.to_state': 'COMPENSATING',
      'railyard.saga.step': 'reserve',
      'railyard.saga.compensating': true,
      'railyard.saga.reason': 'insufficient funds',
    });
  });

  it('starts a trace of its own on a timeout, whatever span is active', async () => {
    const overdue = new Date(NOW.getTime() + DEFAULT_SAGA_SETTINGS.stepDeadlineMs * 10);
    await inSpan('deadline scan', () =>
      traceSagaTransition(
        definition,
        { id: 's-1', trigger: 'timeout', from: 'RUNNING' },
        () => machine.onDeadline(charging(), overdue),
        applied,
      ),
    );
    const span = named('saga span-saga timeout');
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.spanContext().traceId).not.toBe(named('deadline scan').spanContext().traceId);
    expect(span.attributes).toMatchObject({
      'railyard.saga.compensating': true,
      'railyard.saga.reason': 'timeout',
    });
  });

  it('says why an input changed nothing', async () => {
    await traceSagaTransition(
      definition,
      { id: 's-1', trigger: Reserved.type, from: 'RUNNING' },
      () => machine.onReply(charging(), reply(Reserved.type, 0), NOW),
      applied,
    );
    const { attributes } = named('saga span-saga t.reserved');
    expect(attributes['railyard.saga.ignored']).toBe('stale reply for step 0 (action)');
    expect(attributes['railyard.saga.to_state']).toBeUndefined();
  });

  const hookFailed = Object.assign(new Error('hook failed'), { code: 'HOOK_FAILED' });
  const meaningThrew = new TypeError('meaning threw');
  it.each([
    ['applying (a hook)', hookFailed, started, () => Promise.reject(hookFailed), 'HOOK_FAILED'],
    [
      'deciding (a reply meaning)',
      meaningThrew,
      (): Decision<Ctx> => {
        throw meaningThrew;
      },
      applied,
      'TypeError',
    ],
  ])(
    'is an ERROR when %s throws, and rejects with that error',
    async (_, error, decide, apply, type) => {
      await expect(
        traceSagaTransition(definition, { id: 's-1', trigger: 'start' }, decide, apply),
      ).rejects.toBe(error);
      const [span] = tracing.spans();
      expect(span.name).toBe('saga span-saga start');
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: error.message });
      expect(span.events.map((e) => [e.name, e.attributes?.['exception.message']])).toEqual([
        ['exception', error.message],
      ]);
      expect(span.attributes['error.type']).toBe(type);
    },
  );
});
