import { isAdmin, principalFromClaims } from './principal';

describe('principalFromClaims', () => {
  it('reads a customer from sub, with or without the customer role', () => {
    expect(principalFromClaims({ sub: 'c-1' })).toEqual({ subject: 'c-1', role: 'customer' });
    expect(principalFromClaims({ sub: 'c-1', role: 'customer' })).toEqual({
      subject: 'c-1',
      role: 'customer',
    });
  });

  it('reads an admin', () => {
    const principal = principalFromClaims({ sub: 'ops', role: 'admin' });
    expect(principal).toEqual({ subject: 'ops', role: 'admin' });
    expect(isAdmin(principal as never)).toBe(true);
  });

  it.each([
    [null, 'no claims'],
    [{}, 'no subject'],
    [{ sub: '' }, 'no subject'],
    [{ sub: 42 }, 'no subject'],
    [{ sub: 'x'.repeat(129) }, 'no subject'],
    [{ sub: 'c-1', role: 'root' }, 'role must be one of admin, customer'],
    [{ sub: 'c-1', role: ['admin'] }, 'role must be one of'],
  ])('refuses %j', (claims, reason) => {
    expect(principalFromClaims(claims)).toEqual(expect.stringContaining(reason));
  });

  it('does not take a missing principal for an admin', () => {
    expect(isAdmin(undefined)).toBe(false);
  });
});
