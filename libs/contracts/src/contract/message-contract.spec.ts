import { z } from 'zod/v4';
import { defineCommand, defineEvent, defineQuery, isRequestContract } from './message-contract';

describe('message contracts', () => {
  const payload = z.object({ id: z.string() });

  it('a command with a result is a request; without one it is sent one way', () => {
    const request = defineCommand({
      type: 'shipping.create',
      service: 'shipping',
      summary: 's',
      payload,
      result: z.object({ ok: z.boolean() }),
    });
    const oneWay = defineCommand({
      type: 'shipping.cancel',
      service: 'shipping',
      summary: 's',
      payload,
    });
    expect(isRequestContract(request)).toBe(true);
    expect(isRequestContract(oneWay)).toBe(false);
    expect([request.kind, oneWay.kind]).toEqual(['command', 'command']);
  });

  it('an event has no result and a query always has one', () => {
    const event = defineEvent({
      type: 'shipping.sent',
      service: 'shipping',
      summary: 's',
      payload,
    });
    const query = defineQuery({
      type: 'shipping.get',
      service: 'shipping',
      summary: 's',
      payload,
      result: payload,
    });
    expect(isRequestContract(event)).toBe(false);
    expect(isRequestContract(query)).toBe(true);
  });

  it('defaults the version to 1 and freezes the definition', () => {
    const event = defineEvent({
      type: 'shipping.sent',
      service: 'shipping',
      summary: 's',
      payload,
    });
    expect(event.version).toBe(1);
    expect(Object.isFrozen(event)).toBe(true);
  });

  it('refuses a type outside its service, and a version that is not a positive integer', () => {
    expect(() =>
      defineEvent({ type: 'order.sent', service: 'shipping', summary: 's', payload }),
    ).toThrow(/must start with "shipping\."/);
    expect(() =>
      defineEvent({
        type: 'shipping.sent',
        service: 'shipping',
        summary: 's',
        payload,
        version: 0,
      }),
    ).toThrow(/version/);
  });
});
