import autocannon = require('autocannon');

export interface HttpLoad {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers that were not 2xx, plus errors and timeouts. */
  failed: number;
}

/**
 * Closed-loop HTTP load with autocannon for `seconds`. `paths` are requested round-robin (one
 * path when it is a route without parameters).
 */
export async function httpLoad(
  base: string,
  paths: string[],
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
        setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }),
      },
    ],
  });
  return {
    perSecond: result.requests.total / (result.duration || seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}
