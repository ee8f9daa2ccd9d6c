import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { toErrorShape } from '@railyard/messaging';
import { railyardTracer } from '@railyard/platform';
import { SagaDefinition } from '../definition/saga-definition';
import { Decision } from '../machine/saga-machine';
import {
  decisionAttributes,
  inputAttributes,
  SAGA_TRIGGER,
  SagaTransitionInput,
} from './saga-span-attributes';

/** semconv's error.type, as the bus's spans set it (messaging's bus-semconv.ts). */
const ATTR_ERROR_TYPE = 'error.type';

/**
 * Decides and applies one input of a saga (`apply`: persist the row, log, stage the commands, run
 * the hooks) inside an INTERNAL span `saga <type> <trigger>`, active while it runs: the commands
 * staged then are parented to it (the outbox's `create` spans take the active context), and so is
 * what the next service does with them. A compensation is such a transition too: one step undone
 * per transition, marked `railyard.saga.compensating`.
 *
 * Named by trigger, not by `<from>→<to>`: the name is needed when the span starts, before the
 * machine decides; a trigger (a reply type of the saga's contracts, `start`, `timeout`) is bounded
 * and tells step advances apart, which RUNNING→RUNNING would not. Ids and states are attributes.
 *
 * Parent: the active context, i.e. the `process <reply>` span of the message that drove it, or the
 * caller's work for `start`. A `timeout` has no message: the deadline scan fires it, and it starts
 * a trace of its own (a root, no link: the saga row keeps no trace context to link to), so each
 * saga's timeout and the compensation it sends are one trace, not a scan's mix of unrelated sagas.
 *
 * The span runs inside the transition's transaction: for a reply or a timeout it starts once the
 * saga's row is locked (its type is known only then), and it ends before the commit, so a failed
 * commit shows on the process span, and the redelivery that redoes the transition is a span of
 * its own. An input the machine ignores (a stale reply) still ends one, with
 * `railyard.saga.ignored`; one the inbox already took (a duplicate) never reaches here.
 *
 * Tracing off (`railyardTracer()` undefined): `apply(decide())`, nothing else.
 */
export async function traceSagaTransition<C, T>(
  definition: SagaDefinition<C>,
  input: SagaTransitionInput,
  decide: () => Decision<C>,
  apply: (decision: Decision<C>) => Promise<T>,
): Promise<T> {
  const tracer = railyardTracer();
  if (!tracer) return apply(decide());
  const parent = input.trigger === SAGA_TRIGGER.timeout ? ROOT_CONTEXT : context.active();
  const span = tracer.startSpan(
    `saga ${definition.type} ${input.trigger}`,
    { kind: SpanKind.INTERNAL, attributes: inputAttributes(definition.type, input) },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => {
      const decision = decide();
      span.setAttributes(decisionAttributes(definition, decision));
      return apply(decision);
    });
  } catch (error) {
    const { code, message } = toErrorShape(error);
    span.setAttribute(ATTR_ERROR_TYPE, code);
    span.recordException(error instanceof Error ? error : { name: code, message });
    span.setStatus({ code: SpanStatusCode.ERROR, message });
    throw error;
  } finally {
    span.end();
  }
}
