import { Controller, Get, INestApplication, Param } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { parsePrometheusText, sumOf } from '../../../../test/support/prometheus-text';
import { commonEnvSchema } from '../config/common-env.schema';
import { validatedConfigModule } from '../config/validated-config.module';
import { railyardLoggerModule } from '../logging/logger.module';
import { MetricsModule, MetricsModuleOptions } from './metrics.module';
import { MetricsRegistry } from './metrics-registry';

@Controller('things')
class ThingsController {
  @Get(':id')
  one(@Param('id') id: string) {
    return { id };
  }
}

describe('MetricsModule', () => {
  let app: INestApplication;

  async function start(
    options: MetricsModuleOptions = {},
    env?: Record<string, string>,
    { logger = false } = {},
  ) {
    const module = await Test.createTestingModule({
      imports: [
        ...(env ? [validatedConfigModule(commonEnvSchema, env)] : []),
        // The logger mounts a catch-all middleware of its own: as in every app, after metrics'.
        ...(logger ? [railyardLoggerModule('metrics-spec', { write: () => true })] : []),
        MetricsModule.forRoot({ processMetrics: false, ...options }),
      ],
      controllers: [ThingsController],
    }).compile();
    app = module.createNestApplication({ logger: false });
    await app.init();
  }
  afterEach(() => app?.close());

  const scrape = async () => {
    const response = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return parsePrometheusText(response.text);
  };

  it('times requests by method, route pattern and status, never by concrete path', async () => {
    await start();
    const server = app.getHttpServer();
    await request(server).get('/things/1').expect(200);
    await request(server).get('/things/2').expect(200);
    await request(server).get('/no/such/path/7f3a').expect(404);

    const samples = await scrape();
    const count = 'railyard_http_request_duration_seconds_count';
    expect(sumOf(samples, count, { method: 'GET', route: '/things/:id', status: '200' })).toBe(2);
    expect(sumOf(samples, count, { route: 'unmatched', status: '404' })).toBe(1);
    expect(samples.some((sample) => JSON.stringify(sample.labels).includes('7f3a'))).toBe(false);
  });

  it('shows what a lib recorded into the registry', async () => {
    await start();
    app.get(MetricsRegistry).counter({ name: 'lib_jobs_total', help: 'jobs' }).inc(3);
    expect(sumOf(await scrape(), 'lib_jobs_total')).toBe(3);
  });

  it('answers 403 to a request the app does not allow', async () => {
    await start({ allowed: () => false });
    await request(app.getHttpServer()).get('/metrics').expect(403);
  });

  it("adds Node's process metrics unless told not to", async () => {
    await start({ processMetrics: true });
    expect(sumOf(await scrape(), 'process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it.each([
    ['METRICS_ENABLED=false in the app config', {}, { METRICS_ENABLED: 'false' }],
    ['enabled: false', { enabled: false }, undefined],
  ])('records nothing and answers 404 on /metrics with %s', async (_, options, env) => {
    await start(options, env);
    const server = app.getHttpServer();
    await request(server).get('/things/1').expect(200, { id: '1' });
    const response = await request(server).get('/metrics').expect(404);
    expect(response.text).toContain('METRICS_ENABLED=false');
    expect(app.get(MetricsRegistry, { strict: false })).toBeUndefined();
  });

  it('records with METRICS_ENABLED=true in the app config', async () => {
    await start({}, { METRICS_ENABLED: 'true' });
    await request(app.getHttpServer()).get('/things/1').expect(200);
    const count = 'railyard_http_request_duration_seconds_count';
    expect(sumOf(await scrape(), count, { route: '/things/:id' })).toBe(1);
  });

  it("labels a 404 'unmatched' in an app whose logger mounts a catch-all middleware too", async () => {
    await start({}, { LOG_LEVEL: 'silent' }, { logger: true });
    await request(app.getHttpServer()).get('/no/such/path').expect(404);
    const samples = await scrape();
    const count = 'railyard_http_request_duration_seconds_count';
    expect(sumOf(samples, count, { route: 'unmatched', status: '404' })).toBe(1);
    expect(samples.some((sample) => sample.labels.route === '/{*path}')).toBe(false);
  });
});
