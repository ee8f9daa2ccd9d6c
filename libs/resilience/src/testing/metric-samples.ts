import { MetricsRegistry } from '@railyard/platform';

type Labels = Record<string, string | number>;

interface Sample {
  labels: Labels;
  value: number;
}

/**
 * The samples named `name` (a histogram's `_count`, `_sum` or `_bucket` included) whose labels
 * contain `where`, read as a scrape reads them: gauges' `collect` runs first.
 */
async function samplesOf(metrics: MetricsRegistry, name: string, where: Labels): Promise<Sample[]> {
  const found: Sample[] = [];
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    for (const sample of metric.values as (Sample & { metricName?: string })[]) {
      if ((sample.metricName ?? metric.name) !== name) continue;
      if (Object.entries(where).every(([key, value]) => sample.labels[key] === value)) {
        found.push(sample);
      }
    }
  }
  return found;
}

/** The value of the one sample `name` with exactly `labels`; undefined when there is none. */
export async function sampleValue(
  metrics: MetricsRegistry,
  name: string,
  labels: Labels,
): Promise<number | undefined> {
  const exact = (await samplesOf(metrics, name, labels)).filter(
    (sample) => Object.keys(sample.labels).length === Object.keys(labels).length,
  );
  if (exact.length > 1) throw new Error(`${exact.length} samples of ${name} match`);
  return exact[0]?.value;
}

/**
 * The values of the samples `name` matching `where`, keyed by their `by` label: e.g. every
 * outcome's count of one downstream's calls, `{ success: 2, failure: 0, ... }`.
 */
export async function samplesBy(
  metrics: MetricsRegistry,
  name: string,
  by: string,
  where: Labels,
): Promise<Record<string, number>> {
  const values: Record<string, number> = {};
  for (const sample of await samplesOf(metrics, name, where)) {
    values[String(sample.labels[by])] = sample.value;
  }
  return values;
}
