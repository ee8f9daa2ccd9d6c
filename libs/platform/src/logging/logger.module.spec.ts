import {
  Controller,
  Get,
  INestApplication,
  Logger as NestLogger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import { Writable } from 'node:stream';
import request from 'supertest';
import { commonEnvSchema } from '../config/common-env.schema';
import { validatedConfigModule } from '../config/validated-config.module';
import { withLogContext } from './log-context';
import { railyardLoggerModule } from './logger.module';

@Controller('work')
class WorkController {
  private readonly logger = new NestLogger('Work');

  @Get()
  async work() {
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.logger.log('serving');
    // What the bus does around a handler: the message's fields join the request's.
    await withLogContext(
      { messageId: 'm-1', messageType: 'order.created', aggregateId: 'o-1' },
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        this.logger.log('handling');
      },
    );
    return { done: true };
  }

  @Get('missing')
  missing() {
    throw new NotFoundException('no such thing');
  }
}

/** A probe that fails: polled every few seconds, never logged. */
@Controller('health')
class FailingProbeController {
  @Get('ready')
  ready() {
    throw new ServiceUnavailableException('not ready');
  }
}

describe('railyardLoggerModule', () => {
  let app: INestApplication;
  const lines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean))
          lines.push(JSON.parse(line));
        done();
      },
    });
    const module = await Test.createTestingModule({
      imports: [
        validatedConfigModule(commonEnvSchema, { LOG_LEVEL: 'info', LOG_FORMAT: 'json' }),
        railyardLoggerModule('test-app', destination),
      ],
      controllers: [WorkController, FailingProbeController],
    }).compile();
    app = module.createNestApplication({ bufferLogs: true });
    app.useLogger(app.get(Logger));
    await app.init();
  });
  afterAll(() => app?.close());

  it("tags every line written while serving a request with its id, the caller's when given", async () => {
    const answer = await request(app.getHttpServer())
      .get('/work')
      .set('X-Request-Id', 'req-42')
      .expect(200);
    expect(answer.headers['x-request-id']).toBe('req-42');

    const serving = lines.find((line) => line.msg === 'serving');
    expect(serving).toMatchObject({
      name: 'test-app',
      requestId: 'req-42',
      correlationId: 'req-42',
    });
    expect(lines.find((line) => line.msg === 'handling')).toMatchObject({
      requestId: 'req-42',
      correlationId: 'req-42',
      messageId: 'm-1',
      messageType: 'order.created',
      aggregateId: 'o-1',
    });
  });

  it('names a request that came without an id', async () => {
    const answer = await request(app.getHttpServer()).get('/work').expect(200);
    const id = answer.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.filter((line) => line.msg === 'serving').at(-1)).toMatchObject({ requestId: id });
  });

  const requestEnds = () => lines.filter((line) => String(line.msg).startsWith('request '));

  it('logs the end of a refused request, its credentials censored; a served one not at info', async () => {
    const before = requestEnds().length;
    await request(app.getHttpServer())
      .get('/work/missing')
      .set('X-Request-Id', 'req-404')
      .set('Authorization', 'Bearer not-for-logs')
      .set('Cookie', 'session=not-for-logs')
      .expect(404);
    await request(app.getHttpServer()).get('/work').expect(200);
    await new Promise((resolve) => setImmediate(resolve));

    const ends = requestEnds().slice(before);
    expect(ends).toHaveLength(1);
    expect(ends[0]).toMatchObject({
      level: 40,
      msg: 'request completed',
      requestId: 'req-404',
      req: { method: 'GET', url: '/work/missing' },
      res: { statusCode: 404 },
    });
    expect(ends[0].responseTime).toEqual(expect.any(Number));
    const logged = JSON.stringify(ends[0]);
    expect(logged).toContain('[redacted]');
    expect(logged).not.toContain('not-for-logs');
  });

  it('never logs a probe, even a failing one', async () => {
    const before = requestEnds().length;
    await request(app.getHttpServer()).get('/health/ready').expect(503);
    await new Promise((resolve) => setImmediate(resolve));
    expect(requestEnds().slice(before)).toEqual([]);
  });
});
