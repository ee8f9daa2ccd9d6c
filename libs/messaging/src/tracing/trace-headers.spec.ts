import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { createEnvelope } from '../envelope/envelope';
import { envelopeFromHeaders, envelopeToHeaders } from '../envelope/envelope-headers';
import { TRACE_HEADER, traceContextOf, withTraceContext } from './trace-headers';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

const spanContext = {
  traceId: TRACE_ID,
  spanId: SPAN_ID,
  traceFlags: TraceFlags.SAMPLED,
  traceState: new TraceState('vendor=opaque,other=1'),
};
const sending = trace.setSpanContext(ROOT_CONTEXT, spanContext);
const envelope = createEnvelope({ type: 'order.created', payload: { id: 1 }, headers: { a: 'b' } });

describe('trace context in the envelope', () => {
  it('writes W3C traceparent and tracestate as envelope headers, keeping the others', () => {
    const traced = withTraceContext(envelope, sending);
    expect(traced.headers).toEqual({
      a: 'b',
      [TRACE_HEADER.parent]: `00-${TRACE_ID}-${SPAN_ID}-01`,
      [TRACE_HEADER.state]: 'vendor=opaque,other=1',
    });
    expect(envelope.headers).toEqual({ a: 'b' }); // the original is left alone
  });

  it('sends them under their own (bare) names on the wire and reads them back', () => {
    const wire = envelopeToHeaders(withTraceContext(envelope, sending));
    expect(wire.traceparent).toBe(`00-${TRACE_ID}-${SPAN_ID}-01`);
    expect(wire.tracestate).toBe('vendor=opaque,other=1');
    expect(wire['rl-h-traceparent']).toBeUndefined();
    expect(wire['rl-h-a']).toBe('b');

    const received = envelopeFromHeaders(wire, envelope.payload);
    const remote = trace.getSpanContext(traceContextOf(received));
    expect(remote).toMatchObject({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    expect(remote?.traceState?.serialize()).toBe('vendor=opaque,other=1');
  });

  it('replaces the trace context an envelope already had', () => {
    const other = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
      traceFlags: TraceFlags.NONE,
    });
    const traced = withTraceContext(withTraceContext(envelope, sending), other);
    expect(traced.headers[TRACE_HEADER.parent]).toBe(`00-${'a'.repeat(32)}-${'b'.repeat(16)}-00`);
    expect(traced.headers[TRACE_HEADER.state]).toBeUndefined();
  });

  it('continues nothing from an envelope without a trace context or with a bad one', () => {
    expect(traceContextOf(envelope)).toBe(ROOT_CONTEXT);
    const bad = createEnvelope({ type: 't', payload: null, headers: { traceparent: 'nonsense' } });
    expect(trace.getSpanContext(traceContextOf(bad))).toBeUndefined();
    const zeros = createEnvelope({
      type: 't',
      payload: null,
      headers: { traceparent: `00-${'0'.repeat(32)}-${SPAN_ID}-01` },
    });
    expect(trace.getSpanContext(traceContextOf(zeros))).toBeUndefined();
  });
});
