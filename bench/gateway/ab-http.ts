import { median } from '../stats/percentile';
import { httpLoad, HttpLoad, HttpPath } from './http-load';

export interface HttpComparison {
  a: HttpLoad[];
  b: HttpLoad[];
  /** Median over pairs of a.perSecond ÷ b.perSecond. */
  ratio: number;
}

export interface HttpTarget {
  base: string;
  paths: HttpPath[];
}

export interface HttpRounds {
  pairs: number;
  seconds: number;
  connections: number;
  /**
   * Load on A, then on B, before anything is measured: long enough that V8 has optimised the
   * route's code in every process it crosses (a GET /orders/:id warmed 1 s still ran 3-s rounds
   * at 920-1 120 req/s where a warm system serves 1 450-1 550, 2026-12-07).
   */
  warmUpSeconds: number;
  /** Wraps each measured A run (e.g. to count the CPU it cost). */
  aroundA?: (run: () => Promise<HttpLoad>) => Promise<HttpLoad>;
}

/** A warm-up of each, then `pairs` × (A, B), each `seconds` long with `connections` connections. */
export async function compareHttp(
  a: HttpTarget,
  b: HttpTarget,
  { pairs, seconds, connections, warmUpSeconds, aroundA = (run) => run() }: HttpRounds,
): Promise<HttpComparison> {
  const run = (target: HttpTarget, s: number) =>
    httpLoad(target.base, target.paths, s, connections);
  await run(a, warmUpSeconds);
  await run(b, warmUpSeconds);
  const result: HttpComparison = { a: [], b: [], ratio: NaN };
  for (let i = 0; i < pairs; i++) {
    result.a.push(await aroundA(() => run(a, seconds)));
    result.b.push(await run(b, seconds));
  }
  result.ratio = median(result.a.map((load, i) => load.perSecond / result.b[i].perSecond));
  return result;
}

export const medianOf = (loads: HttpLoad[], key: keyof HttpLoad): number =>
  median(loads.map((load) => load[key]));
