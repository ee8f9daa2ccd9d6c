import { requestIdOf } from './request-id';

function exchange(given?: string) {
  const headers: Record<string, string> = {};
  const request: { id?: unknown; headers: Record<string, string | undefined> } = {
    headers: { 'x-request-id': given },
  };
  const response = { setHeader: (name: string, value: string) => void (headers[name] = value) };
  return { request, response, headers };
}

describe('requestIdOf', () => {
  it("keeps the caller's id and names the answer with it", () => {
    const { request, response, headers } = exchange('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(requestIdOf(request, response)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(headers).toEqual({ 'X-Request-Id': '4bf92f3577b34da6a3ce929d0e0e4736' });
  });

  it.each([
    ['a newline', 'abc\ninjected log line'],
    ['an overlong id', 'x'.repeat(129)],
    ['spaces', 'my request'],
    ['nothing', undefined],
  ])('replaces %s with a fresh UUID', (_name, given) => {
    const { request, response, headers } = exchange(given);
    const id = requestIdOf(request, response);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers['X-Request-Id']).toBe(id);
  });

  it('answers the same id however often it is asked, setting the header once', () => {
    const { request, response } = exchange();
    let set = 0;
    const counting = {
      setHeader: (name: string, value: string) => void (set++, response.setHeader(name, value)),
    };
    const first = requestIdOf(request, counting);
    expect(requestIdOf(request, counting)).toBe(first);
    expect(set).toBe(1);
  });
});
