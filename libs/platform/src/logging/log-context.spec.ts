import { setTimeout as sleep } from 'node:timers/promises';
import { currentLogContext, withLogContext } from './log-context';

describe('LogContext', () => {
  it('is empty outside any work', () => {
    expect(currentLogContext()).toBeUndefined();
  });

  it('adds inner fields to outer ones, inner values winning, across awaits', async () => {
    await withLogContext({ requestId: 'r1', correlationId: 'r1' }, async () => {
      await sleep(1);
      await withLogContext({ messageId: 'm1', correlationId: 'c1' }, async () => {
        await sleep(1);
        expect(currentLogContext()).toEqual({
          requestId: 'r1',
          correlationId: 'c1',
          messageId: 'm1',
        });
      });
      expect(currentLogContext()).toEqual({ requestId: 'r1', correlationId: 'r1' });
    });
  });

  it('keeps concurrent work apart', async () => {
    const seen = await Promise.all(
      ['a', 'b', 'c'].map((id, i) =>
        withLogContext({ messageId: id }, async () => {
          await sleep(5 - i);
          return currentLogContext()?.messageId;
        }),
      ),
    );
    expect(seen).toEqual(['a', 'b', 'c']);
  });
});
