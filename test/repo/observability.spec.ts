import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * The compose `observability` profile, checked by reading it (no Docker engine where CI runs):
 * Prometheus scrapes every app where compose runs it, Grafana finds Prometheus, and every metric
 * the dashboard queries is one the kit defines, so a renamed metric fails here, not on a blank panel.
 */
const root = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

interface ComposeService {
  image?: string;
  profiles?: string[];
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const apps = Object.entries(
  JSON.parse(read('nest-cli.json')).projects as Record<string, { type: string }>,
)
  .filter(([, project]) => project.type === 'application')
  .map(([name]) => name);

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  authorization?: { type?: string; credentials_file?: string };
  static_configs: Array<{ targets: string[] }>;
}
const prometheus = parse(read('observability/prometheus.yml')) as {
  scrape_configs: ScrapeConfig[];
};

/** Every `railyard_*` metric the libs define (`name: 'railyard_…'` in a metric's config). */
function definedMetrics(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.ts') && !entry.includes('.spec.')) {
        for (const [, name] of readFileSync(path, 'utf8').matchAll(/name: '(railyard_[a-z_]+)'/g)) {
          names.add(name);
        }
      }
    }
  };
  walk(join(root, 'libs'));
  return names;
}

/** An app's HTTP port on the compose network (`expose`: the services publish none, to scale). */
function composePort(app: string): string {
  return compose.services[app].expose?.[0] ?? '';
}

describe('the observability profile', () => {
  it('runs Prometheus and Grafana only with the profile, pinned, on loopback', () => {
    for (const name of ['prometheus', 'grafana']) {
      const service = compose.services[name];
      expect(service.profiles).toEqual(['observability']);
      expect(service.image).toMatch(/:v?\d+\.\d+\.\d+$/);
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('scrapes /metrics of every app at its compose name and port, the gateway with a token', () => {
    const targets = prometheus.scrape_configs.flatMap((job) =>
      job.static_configs.flatMap((config) => config.targets.map((target) => ({ job, target }))),
    );
    expect(targets.map(({ target }) => target).sort()).toEqual(
      apps.map((app) => `${app}:${composePort(app)}`).sort(),
    );
    for (const { job } of targets) expect(job.metrics_path).toBe('/metrics');
    const gateway = targets.find(({ target }) => target.startsWith('api-gateway:'))!.job;
    expect(gateway.authorization?.type).toBe('Bearer');
    const secrets = compose.services.prometheus.volumes?.find((volume) =>
      volume.endsWith(':/etc/prometheus/secrets:ro'),
    );
    expect(secrets).toBeDefined();
    expect(gateway.authorization?.credentials_file).toMatch(/^\/etc\/prometheus\/secrets\//);
    expect(read('.gitignore')).toContain('observability/prometheus-secrets/*');
  });

  it('sends spans from the apps through the collector to Jaeger, when the endpoint is set', () => {
    for (const name of ['otel-collector', 'jaeger']) {
      const service = compose.services[name];
      expect(service.profiles).toEqual(['observability']);
      expect(service.image).toMatch(/:v?\d+\.\d+\.\d+$/);
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    }
    expect(compose.services['otel-collector'].volumes).toContain(
      './observability/otel-collector.yml:/etc/otelcol/config.yml:ro',
    );
    const collector = parse(read('observability/otel-collector.yml')) as {
      receivers: { otlp: { protocols: { http: { endpoint: string } } } };
      exporters: Record<string, { endpoint: string }>;
      service: { pipelines: { traces: { receivers: string[]; exporters: string[] } } };
    };
    expect(collector.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
    const { traces } = collector.service.pipelines;
    expect(traces.receivers).toEqual(['otlp']);
    expect(traces.exporters.map((name) => collector.exporters[name].endpoint)).toEqual([
      'jaeger:4317',
    ]);
    // Off by default, so a plain `docker compose up` exports nowhere.
    for (const app of apps) {
      expect(compose.services[app].environment?.OTEL_EXPORTER_OTLP_ENDPOINT).toBe(
        '${OTEL_EXPORTER_OTLP_ENDPOINT:-}',
      );
    }
  });

  it("mounts Prometheus' config and Grafana's provisioning from the repository", () => {
    expect(compose.services.prometheus.volumes).toContain(
      './observability/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
    );
    const grafana = compose.services.grafana;
    expect(grafana.volumes).toContain(
      './observability/grafana/provisioning:/etc/grafana/provisioning:ro',
    );
    expect(grafana.volumes).toContain(
      './observability/grafana/dashboards:/var/lib/grafana/dashboards:ro',
    );
    const datasources = parse(
      read('observability/grafana/provisioning/datasources/prometheus.yml'),
    ) as { datasources: Array<{ uid: string; type: string; url: string }> };
    expect(datasources.datasources).toEqual([
      expect.objectContaining({
        uid: 'prometheus',
        type: 'prometheus',
        url: 'http://prometheus:9090',
      }),
    ]);
  });

  it('charts only metrics the kit defines, from the provisioned data source', () => {
    const dashboard = JSON.parse(read('observability/grafana/dashboards/railyard.json')) as {
      uid: string;
      panels: Array<{
        type: string;
        title: string;
        datasource?: { uid: string };
        targets?: Array<{ expr: string }>;
      }>;
    };
    const defined = definedMetrics();
    const charts = dashboard.panels.filter((panel) => panel.type !== 'row');
    expect(charts.length).toBeGreaterThanOrEqual(10);
    const queried = new Set<string>();
    for (const panel of charts) {
      expect({ panel: panel.title, uid: panel.datasource?.uid }).toEqual({
        panel: panel.title,
        uid: 'prometheus',
      });
      for (const { expr } of panel.targets ?? []) {
        for (const [name] of expr.matchAll(/railyard_[a-z_]+/g)) {
          queried.add(name.replace(/_(bucket|sum|count)$/, ''));
        }
      }
    }
    const unknown = [...queried].filter((name) => !defined.has(name));
    expect(unknown).toEqual([]);
    // The dashboard covers what the issue names: the bus, sagas, breakers, the outbox.
    for (const part of [
      'railyard_bus_',
      'railyard_saga_',
      'railyard_breaker_',
      'railyard_outbox_',
    ]) {
      expect([...queried].some((name) => name.startsWith(part))).toBe(true);
    }
  });
});
