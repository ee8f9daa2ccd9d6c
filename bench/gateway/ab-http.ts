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

/** One warm-up, then `pairs` × (A, B), each `seconds` long with `connections` connections. */
export async function compareHttp(
  a: HttpTarget,
  b: HttpTarget,
  pairs: number,
  seconds: number,
  connections: number,
): Promise<HttpComparison> {
  const run = (target: HttpTarget, s: number) =>
    httpLoad(target.base, target.paths, s, connections);
  await run(a, 1);
  await run(b, 1);
  const result: HttpComparison = { a: [], b: [], ratio: NaN };
  for (let i = 0; i < pairs; i++) {
    result.a.push(await run(a, seconds));
    result.b.push(await run(b, seconds));
  }
  result.ratio = median(result.a.map((load, i) => load.perSecond / result.b[i].perSecond));
  return result;
}

export const medianOf = (loads: HttpLoad[], key: keyof HttpLoad): number =>
  median(loads.map((load) => load[key]));
