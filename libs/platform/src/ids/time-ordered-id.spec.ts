import { timeOrderedUuid } from './time-ordered-id';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedUuid', () => {
  it('is a version 7 UUID of the RFC 9562 variant', () => {
    for (let i = 0; i < 1000; i++) expect(timeOrderedUuid()).toMatch(V7);
  });

  it('carries the millisecond it was made in its first 48 bits', () => {
    const at = Date.UTC(2026, 11, 7, 12, 0, 0, 123);
    const id = timeOrderedUuid(at);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
  });

  it('sorts ids of later milliseconds after earlier ones, as text', () => {
    const at = Date.UTC(2026, 11, 7);
    const ids = [0, 1, 2, 255, 256, 65_536, 2 ** 32].map((later) => timeOrderedUuid(at + later));
    expect([...ids].sort()).toEqual(ids);
  });

  it('differs within one millisecond', () => {
    const at = Date.now();
    expect(new Set(Array.from({ length: 10_000 }, () => timeOrderedUuid(at))).size).toBe(10_000);
  });
});
