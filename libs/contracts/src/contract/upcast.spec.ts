import { z } from 'zod/v4';
import { defineEvent } from './message-contract';
import { upcastPayload } from './upcast';

describe('upcastPayload', () => {
  // v1 { name }, v2 { first, last }, v3 added an optional field (no upcaster), v4 { first, last, title }
  const CustomerRenamed = defineEvent({
    type: 'customer.renamed',
    service: 'customer',
    summary: 'test',
    version: 4,
    payload: z.object({
      first: z.string(),
      last: z.string(),
      nick: z.string().optional(),
      title: z.string(),
    }),
    upcasters: {
      1: (v1) => {
        const [first, ...rest] = z.object({ name: z.string() }).parse(v1).name.split(' ');
        return { first, last: rest.join(' ') };
      },
      3: (v3) => ({ ...z.object({}).loose().parse(v3), title: '' }),
    },
  });

  it('walks every version up to the current one, skipping those without a change', () => {
    expect(upcastPayload(CustomerRenamed, 1, { name: 'Ada Lovelace' })).toEqual({
      first: 'Ada',
      last: 'Lovelace',
      title: '',
    });
    expect(upcastPayload(CustomerRenamed, 3, { first: 'A', last: 'L', nick: 'al' })).toEqual({
      first: 'A',
      last: 'L',
      nick: 'al',
      title: '',
    });
  });

  it('leaves a current or newer payload as it is', () => {
    const v4 = { first: 'A', last: 'L', title: 'Dr' };
    expect(upcastPayload(CustomerRenamed, 4, v4)).toBe(v4);
    expect(upcastPayload(CustomerRenamed, 5, v4)).toBe(v4);
  });

  it('refuses an upcaster from a version the contract does not have before it', () => {
    const define = (from: number) =>
      defineEvent({
        type: 'customer.renamed',
        service: 'customer',
        summary: 'test',
        version: 2,
        payload: z.object({}),
        upcasters: { [from]: (p) => p },
      });
    expect(() => define(2)).toThrow(/upcaster from version 2/);
    expect(() => define(0)).toThrow(/upcaster from version 0/);
    expect(() => define(1)).not.toThrow();
  });
});
