import { apiError, ApiError } from './admin-api';

const answer = (status: number, body: string, statusText = '') =>
  new Response(body, { status, statusText, headers: { 'content-type': 'application/json' } });

describe('apiError', () => {
  it('says a 403 is a token without the admin role, and counts it as access denied', async () => {
    const error = await apiError(answer(403, '{"message":"admins only"}'));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.isAccessDenied).toBe(true);
    expect(error.message).toMatch(/not an admin token/);
  });

  it('says a 401 is a refused token', async () => {
    const error = await apiError(answer(401, '{}'));
    expect(error.isAccessDenied).toBe(true);
    expect(error.message).toMatch(/refused/);
  });

  it("keeps the gateway's own message for any other failure", async () => {
    const error = await apiError(answer(409, '{"message":"the saga is COMPLETED"}'));
    expect(error.isAccessDenied).toBe(false);
    expect(error.message).toBe('409: the saga is COMPLETED');
  });

  it('falls back to the status line when the body is not JSON', async () => {
    const error = await apiError(answer(502, 'upstream down', 'Bad Gateway'));
    expect(error.message).toBe('502 Bad Gateway');
  });
});
