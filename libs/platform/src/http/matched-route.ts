/** What Express leaves on a request about the routes it entered. */
export interface RoutedRequest {
  baseUrl?: string;
  /** Set by Express each time the request enters a route: its pattern, never the concrete path. */
  route?: { path?: unknown };
}

/**
 * For a middleware Nest mounts on every path: call it when the middleware starts; the function it
 * returns tells, once the response is done, the pattern of the route that served the request
 * (`/orders/:id`), or undefined when no route matched (a 404).
 *
 * Nest mounts such a middleware as an Express route of its own (`/{*path}`), and Express leaves
 * `request.route` at the last route the request entered: the handler's when one matched, else the
 * mount of the last such middleware, which need not be this one (the logger's context middleware,
 * mounted after it, has the same pattern but is another route). So a route with this middleware's
 * own pattern counts as none; a handler route at the root catch-all would too (Railyard has none).
 */
export function watchMatchedRoute(request: RoutedRequest): () => string | undefined {
  const ownPattern = request.route?.path;
  return () => {
    const pattern = request.route?.path;
    if (typeof pattern !== 'string' || pattern === ownPattern) return undefined;
    return `${request.baseUrl ?? ''}${pattern}`;
  };
}
