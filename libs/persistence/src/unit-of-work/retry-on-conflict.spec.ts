import { QueryFailedError } from 'typeorm';
import { isConflict, retryOnConflict } from './retry-on-conflict';

const failure = (code: string) =>
  new QueryFailedError('INSERT', [], Object.assign(new Error(code), { code }));

describe('retryOnConflict', () => {
  it('runs the work again after a unique violation, deadlock or serialization failure', async () => {
    for (const code of ['23505', '40P01', '40001']) {
      let calls = 0;
      const result = await retryOnConflict(async () => {
        if (++calls === 1) throw failure(code);
        return 'answered';
      });
      expect({ code, result, calls }).toEqual({ code, result: 'answered', calls: 2 });
    }
  });

  it('gives up after a few attempts', async () => {
    let calls = 0;
    await expect(
      retryOnConflict(async () => {
        calls++;
        throw failure('23505');
      }),
    ).rejects.toBeInstanceOf(QueryFailedError);
    expect(calls).toBe(5);
  });

  it('does not retry other errors (a CHECK violation, a business error, SQLite)', async () => {
    for (const error of [failure('23514'), failure('SQLITE_CONSTRAINT_UNIQUE'), new Error('x')]) {
      let calls = 0;
      await expect(
        retryOnConflict(async () => {
          calls++;
          throw error;
        }),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
      expect(isConflict(error)).toBe(false);
    }
  });
});
