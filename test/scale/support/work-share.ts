import { setTimeout as sleep } from 'node:timers/promises';
import { parsePrometheusText, sumOf } from '../../support/prometheus-text';

/** One process to watch: an app or a replica of it, by its base URL. */
export interface WatchedProcess {
  /** `order-service`, `order-service#2`, … */
  name: string;
  /** The service it is a replica of. */
  app: string;
  url: string;
}

/** What one replica did: messages its handlers completed, over every life it had. */
export interface ReplicaShare {
  name: string;
  app: string;
  handled: number;
  /** Its share of everything its service's replicas handled (0..1). */
  share: number;
}

const DELIVERIES = 'railyard_bus_deliveries_total';

/**
 * Counts, per replica, the bus messages (events and requests) its handlers completed, from each
 * process's `GET /metrics` (`railyard_bus_deliveries_total{outcome="handled"}`), scraped every
 * `everyMs`. A process killed and started again restarts its counters at 0: a scrape lower than
 * the last one starts a new life, and the last value of the old one is kept. What a killed
 * process handled after its last scrape is not counted (at most `everyMs` of its work).
 */
export class WorkShare {
  private readonly lives = new Map<string, { finished: number; current: number }>();
  private stopped = false;
  private readonly loop: Promise<void>;

  constructor(
    private readonly processes: WatchedProcess[],
    everyMs = 500,
  ) {
    this.loop = this.run(everyMs);
  }

  /** Stops scraping after one last scrape, and returns each replica's share of its service. */
  async stop(): Promise<ReplicaShare[]> {
    this.stopped = true;
    await this.loop;
    await this.scrapeAll();
    const handled = (name: string) => {
      const life = this.lives.get(name);
      return life ? life.finished + life.current : 0;
    };
    const perApp = new Map<string, number>();
    for (const { name, app } of this.processes)
      perApp.set(app, (perApp.get(app) ?? 0) + handled(name));
    return this.processes.map(({ name, app }) => ({
      name,
      app,
      handled: handled(name),
      share: (perApp.get(app) ?? 0) === 0 ? 0 : handled(name) / perApp.get(app)!,
    }));
  }

  private async run(everyMs: number): Promise<void> {
    while (!this.stopped) {
      await this.scrapeAll();
      await sleep(everyMs);
    }
  }

  private async scrapeAll(): Promise<void> {
    await Promise.all(this.processes.map((process) => this.scrape(process)));
  }

  /** A process that does not answer (killed, starting) keeps its last count. */
  private async scrape({ name, url }: WatchedProcess): Promise<void> {
    let text: string;
    try {
      const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(2_000) });
      if (response.status !== 200) return;
      text = await response.text();
    } catch {
      return;
    }
    const value = sumOf(parsePrometheusText(text), DELIVERIES, { outcome: 'handled' });
    const life = this.lives.get(name) ?? { finished: 0, current: 0 };
    if (value < life.current) life.finished += life.current; // restarted: a new life
    life.current = value;
    this.lives.set(name, life);
  }
}

/** The table the run prints and writes under reports/scale/. */
export function shareTable(transport: string, shares: ReplicaShare[]): string {
  const rows = shares.map(
    (row) =>
      `| ${transport} | ${row.app} | ${row.name} | ${row.handled} | ${(row.share * 100).toFixed(1)}% |`,
  );
  return [
    '| transport | service | replica | messages handled | share of its service |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
