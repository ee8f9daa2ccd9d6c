import { AsyncLocalStorage } from 'node:async_hooks';
import { inCallerContext } from './in-caller-context';

describe('inCallerContext', () => {
  const store = new AsyncLocalStorage<string>();

  it('runs the function in the context it was bound in, wherever it is called from', async () => {
    const bound = store.run('caller', () =>
      inCallerContext((suffix: string) => store.getStore() + suffix),
    );
    expect(store.run('someone else', () => bound('!'))).toBe('caller!');
    expect(bound('?')).toBe('caller?');
    // and in what the function awaits
    const later = store.run('caller', () =>
      inCallerContext(async () => {
        await new Promise((resolve) => setImmediate(resolve));
        return store.getStore();
      }),
    );
    await expect(store.run('other', later)).resolves.toBe('caller');
  });

  it('leaves the calling context as it was', () => {
    const bound = store.run('caller', () => inCallerContext(() => undefined));
    store.run('other', () => {
      bound();
      expect(store.getStore()).toBe('other');
    });
  });

  it('passes its errors to the caller', () => {
    const bound = inCallerContext(() => {
      throw new Error('boom');
    });
    expect(bound).toThrow('boom');
  });
});
