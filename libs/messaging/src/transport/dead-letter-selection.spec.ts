import { OneAtATime, pageOf, selectLetters } from './dead-letter-selection';

const letters = ['001', '002', '003', '004'].map((id) => ({ id }));

describe('pageOf', () => {
  it('pages oldest first and names the next page', () => {
    expect(pageOf(letters, { limit: 3 })).toEqual({ page: letters.slice(0, 3), next: '003' });
    expect(pageOf(letters, { limit: 3, after: '003' })).toEqual({ page: [letters[3]] });
  });

  it('keeps its place after a letter that is gone, and refuses an unbounded page', () => {
    expect(pageOf(letters, { limit: 2, after: '0025' }).page).toEqual([letters[2], letters[3]]);
    expect(() => pageOf(letters, { limit: 501 })).toThrow(RangeError);
    expect(() => pageOf(letters, { limit: 0 })).toThrow(RangeError);
  });
});

describe('selectLetters', () => {
  it('takes the stored ids once each and names the others missing', () => {
    expect(selectLetters(letters, ['002', 'nope', '002'])).toEqual({
      targets: [letters[1]],
      missing: ['nope'],
    });
  });

  it('takes at most 500 for all, and refuses an empty or oversized selection', () => {
    const many = Array.from({ length: 600 }, (_, n) => ({ id: String(n).padStart(4, '0') }));
    expect(selectLetters(many, 'all').targets).toHaveLength(500);
    expect(() => selectLetters(letters, [])).toThrow(RangeError);
    expect(() =>
      selectLetters(
        many,
        many.map((letter) => letter.id),
      ),
    ).toThrow(RangeError);
  });
});

describe('OneAtATime', () => {
  it('runs calls in order, a failure not stopping the next', async () => {
    const queue = new OneAtATime();
    const order: string[] = [];
    const slow = queue.run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push('slow');
    });
    const failing = queue.run(async () => {
      order.push('failing');
      throw new Error('no');
    });
    const last = queue.run(async () => order.push('last'));
    await slow;
    await expect(failing).rejects.toThrow('no');
    await last;
    expect(order).toEqual(['slow', 'failing', 'last']);
  });
});
