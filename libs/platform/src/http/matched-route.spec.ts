import { RoutedRequest, watchMatchedRoute } from './matched-route';

/**
 * Express sets request.route each time a request enters a route, and Nest mounts every catch-all
 * middleware as a route `/{*path}`: a request passes this middleware's mount, maybe other
 * middlewares' mounts, then the handler's route if one matches.
 */
describe('watchMatchedRoute', () => {
  const mount = () => ({ path: '/{*path}' });

  it("reads the handler's route pattern, never the concrete path", () => {
    const request: RoutedRequest = { baseUrl: '', route: mount() };
    const matchedRoute = watchMatchedRoute(request);
    request.route = { path: '/orders/:id' };
    expect(matchedRoute()).toBe('/orders/:id');
  });

  it('reads none when no route matched, though a middleware mounted later left its own', () => {
    const request: RoutedRequest = { route: mount() };
    const matchedRoute = watchMatchedRoute(request);
    expect(matchedRoute()).toBeUndefined(); // this middleware was the last
    request.route = mount(); // the logger's, say: another route of the same pattern
    expect(matchedRoute()).toBeUndefined();
  });

  it('prefixes the mount point of a router, and reads none without a string pattern', () => {
    const request: RoutedRequest = { baseUrl: '/api', route: mount() };
    const matchedRoute = watchMatchedRoute(request);
    request.route = { path: '/orders' };
    expect(matchedRoute()).toBe('/api/orders');
    request.route = { path: /regex/ };
    expect(matchedRoute()).toBeUndefined();
  });
});
