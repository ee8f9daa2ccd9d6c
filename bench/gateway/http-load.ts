import autocannon = require('autocannon');

/** A path, or a path with headers of its own (e.g. the token of the customer it belongs to). */
export type HttpPath = string | { path: string; headers: Record<string, string> };

/** One of autocannon's requests (its declaration exports only the function). */
type CannonRequest = NonNullable<Parameters<typeof autocannon>[0]['requests']>[number];

export interface HttpLoad {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers that were not 2xx, plus errors and timeouts. */
  failed: number;
}

/**
 * Closed-loop HTTP load with autocannon for `seconds`. `paths` are requested round-robin (one
 * path when it is a route without parameters), each with its own headers if it has any.
 */
export async function httpLoad(
  base: string,
  paths: HttpPath[],
  seconds: number,
  connections: number,
): Promise<HttpLoad> {
  let next = 0;
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => withPath(request, paths[next++ % paths.length]),
      },
    ],
  });
  return {
    requests: result.requests.total,
    perSecond: result.requests.total / (result.duration || seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

function withPath(request: CannonRequest, path: HttpPath): CannonRequest {
  if (typeof path === 'string') return { ...request, path };
  return { ...request, path: path.path, headers: { ...request.headers, ...path.headers } };
}
