import { QueryFailedError } from 'typeorm';
import { isUniqueViolation, retryOnConflict } from './retry-on-conflict';

const violation = (code: string) =>
  new QueryFailedError('INSERT', [], Object.assign(new Error('duplicate'), { code }));

describe('retryOnConflict', () => {
  it('recognises unique violations of PostgreSQL and SQLite only', () => {
    expect(isUniqueViolation(violation('23505'))).toBe(true);
    expect(isUniqueViolation(violation('SQLITE_CONSTRAINT_PRIMARYKEY'))).toBe(true);
    expect(isUniqueViolation(violation('40P01'))).toBe(false);
    expect(isUniqueViolation(new Error('23505'))).toBe(false);
  });

  it('reruns the work after a lost insert race', async () => {
    const work = jest.fn().mockRejectedValueOnce(violation('23505')).mockResolvedValueOnce('ok');
    await expect(retryOnConflict(work)).resolves.toBe('ok');
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('gives up after three attempts and rethrows', async () => {
    const work = jest.fn().mockRejectedValue(violation('23505'));
    await expect(retryOnConflict(work)).rejects.toBeInstanceOf(QueryFailedError);
    expect(work).toHaveBeenCalledTimes(3);
  });

  it('does not retry other errors', async () => {
    const work = jest.fn().mockRejectedValue(new Error('boom'));
    await expect(retryOnConflict(work)).rejects.toThrow('boom');
    expect(work).toHaveBeenCalledTimes(1);
  });
});
