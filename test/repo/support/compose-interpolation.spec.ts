import { interpolate } from './compose-interpolation';

describe('interpolate (compose variables)', () => {
  const env = { SET: 'value', EMPTY: '' };

  it('substitutes variables, braced or bare, and unset ones as empty', () => {
    expect(interpolate('a ${SET} $SET ${UNSET}.', env)).toBe('a value value .');
  });

  it('takes :- defaults for unset or empty, - defaults for unset only', () => {
    expect(interpolate('${UNSET:-d} ${EMPTY:-d} ${SET:-d}', env)).toBe('d d value');
    expect(interpolate('${UNSET-d} ${EMPTY-d}', env)).toBe('d ');
  });

  it('refuses a required variable that is missing, with its message', () => {
    expect(() => interpolate('${UNSET:?set UNSET}', env)).toThrow(
      'required variable UNSET is missing a value: set UNSET',
    );
    expect(() => interpolate('${EMPTY:?set it}', env)).toThrow(/EMPTY/);
    expect(interpolate('${EMPTY?set it}', env)).toBe('');
  });

  it('reads $$ as a literal dollar and refuses nested expressions', () => {
    expect(interpolate('$$SET costs $$5', env)).toBe('$SET costs $5');
    expect(() => interpolate('${A:-${B}}', env)).toThrow(/unsupported/);
  });
});
