import { Controller, Get, INestApplication, Param } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { parsePrometheusText, sumOf } from '../../../../test/support/prometheus-text';
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

  async function start(options: MetricsModuleOptions = {}) {
    const module = await Test.createTestingModule({
      imports: [MetricsModule.forRoot({ processMetrics: false, ...options })],
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
});
