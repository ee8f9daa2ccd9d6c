import { progressBar } from './progress-bar';

describe('progressBar', () => {
  it('fills in proportion and prints n/total', () => {
    expect(progressBar(0, 4, 8)).toBe('[--------] 0/4');
    expect(progressBar(1, 4, 8)).toBe('[##------] 1/4');
    expect(progressBar(4, 4, 8)).toBe('[########] 4/4');
  });

  it('is full for nothing to do, and never overflows', () => {
    expect(progressBar(0, 0, 4)).toBe('[####] 0/0');
    expect(progressBar(9, 4, 4)).toBe('[####] 9/4');
  });
});
