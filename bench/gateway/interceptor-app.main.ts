import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEFAULT_RESILIENCE_SETTINGS, Resilient, ResilienceModule } from '@railyard/resilience';
import { announceListening } from './http-child';

const BODY = { ok: true };

/**
 * The same trivial handler twice: behind the gateway's ResilienceInterceptor (`@Resilient`, the
 * full default policy: budget, bulkhead, retry, breaker, attempt timeout) and without it. The
 * handler does no I/O, so the difference is the interceptor's whole cost per request.
 */
@Controller()
class InterceptedController {
  @Get('on')
  @Resilient('bench', { idempotent: true })
  on() {
    return BODY;
  }

  @Get('off')
  off() {
    return BODY;
  }
}

@Module({
  imports: [ResilienceModule.forRoot({ downstreams: { bench: DEFAULT_RESILIENCE_SETTINGS } })],
  controllers: [InterceptedController],
})
class InterceptorBenchModule {}

async function main() {
  const app = await NestFactory.create(InterceptorBenchModule, { logger: false });
  await app.listen(Number(process.env.BENCH_HTTP_PORT), '127.0.0.1');
  announceListening();
}

void main();
